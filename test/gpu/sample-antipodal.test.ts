import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { fieldsCpu } from '../../src/sample/fields-cpu.js';
import { fieldsGpu } from '../../src/sample/fields-gpu.js';
import type { NetworkShape } from '../../src/sample/network.js';
import { sampleSpectrum } from '../../src/sample/sample.js';
import { antipodalGegenbauerPower } from '../../src/sphere/gegenbauer-estimator.js';
import { antipodalGegenbauerPowerGpu } from '../../src/sphere/gegenbauer-gpu.js';
import { antipodalSpherePoints, harmonicDimension } from '../../src/sphere/harmonics.js';
import { activationFn, parseActivation } from '../../src/theory/activations.js';

afterAll(releaseDevice);

describe('per-network antipodal points on the GPU (twin: antipodalSpherePoints + fieldsCpu)', () => {
  const net: NetworkShape = { dim: 5, width: 12, depth: 2, sIn: 1, sigmaW2: 1.4, sigmaB2: 0, seed: 9 };
  const M = 40;
  const spec = parseActivation('tanh');

  it('fields at each network\'s own points match the float64 twin, under any chunking', async () => {
    const ctx = await getGpu();
    const ref = antipodalSpherePoints(5, M, 9, 3);
    const g = await fieldsGpu(ctx, net, spec, ref, 3, 4, { networkPoints: true });
    for (let k = 0; k < 4; k++) {
      const c = await fieldsCpu(net, activationFn(spec).phi, antipodalSpherePoints(5, M, 9, 3 + k), 3 + k, 1);
      let err = 0;
      let scale = 0;
      for (let p = 0; p < M; p++) {
        err = Math.max(err, Math.abs(g[k * M + p] - c[p]));
        scale = Math.max(scale, Math.abs(c[p]));
      }
      expect(err).toBeLessThan(1e-4 * scale);
      // tanh without bias is odd, and the GPU's antipodes are exact negatives.
      for (let p = 0; p < M / 2; p++) expect(Math.abs(g[k * M + p] + g[k * M + M / 2 + p])).toBeLessThan(1e-6 * scale);
    }
    const chunked = await fieldsGpu(ctx, net, spec, ref, 3, 4, { networkPoints: true, maxNetworksPerChunk: 3, maxPointsPerChunk: 13 });
    expect(Array.from(chunked)).toEqual(Array.from(g));
  });

  it('the antipodal pair sum matches the float64 twin for several networks in one dispatch', async () => {
    const ctx = await getGpu();
    const K = 3;
    const lmax = 6;
    const pts = new Float64Array(K * M * 5);
    const f = new Float64Array(K * M);
    for (let k = 0; k < K; k++) {
      const x = antipodalSpherePoints(5, M, 4, k);
      pts.set(x, k * M * 5);
      // A field with both parities: x₀ + x₁² - 0.3 x₂ x₃ x₄.
      for (let p = 0; p < M; p++) {
        const y = x.subarray(p * 5, p * 5 + 5);
        f[k * M + p] = y[0] + y[1] ** 2 - 0.3 * y[2] * y[3] * y[4];
      }
    }
    const gpu = await antipodalGegenbauerPowerGpu(ctx, pts, 5, f, K, lmax);
    for (let k = 0; k < K; k++) {
      const cpu = antipodalGegenbauerPower(pts.subarray(k * M * 5, (k + 1) * M * 5), 5, f.subarray(k * M, (k + 1) * M), 1, lmax);
      for (let l = 0; l <= lmax; l++) expect(Math.abs(gpu.b[k * (lmax + 1) + l] - cpu.b[l])).toBeLessThan(1e-5 * harmonicDimension(5, l));
      expect(gpu.meanSquare[k]).toBeCloseTo(cpu.meanSquare[0], 12);
    }
  });

  it('sampleSpectrum on S³: GPU matches the twin; zero-theory degrees at f32 rounding level', async () => {
    const p = { activation: 'tanh', depth: 2, width: 16, networks: 5, lmax: 5, dim: 4, points: 64, seed: 6 };
    const g = await sampleSpectrum({ ...p, backend: 'webgpu' });
    const c = await sampleSpectrum({ ...p, backend: 'cpu' });
    expect(g.backend).toBe('webgpu');
    for (let l = 0; l <= 5; l++) expect(Math.abs(g.D[l] - c.D[l])).toBeLessThan(1e-4);
    expect(g.zeroDegrees).toEqual([0, 2, 4]);
    expect(g.zeroLeak!).toBeLessThan(1e-6);
    expect(c.zeroLeak!).toBeLessThan(1e-12);
  });
});
