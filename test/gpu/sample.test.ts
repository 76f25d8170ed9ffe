import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { fieldsCpu } from '../../src/sample/fields-cpu.js';
import { fieldsGpu } from '../../src/sample/fields-gpu.js';
import type { NetworkShape } from '../../src/sample/network.js';
import { sampleSpectrum } from '../../src/sample/sample.js';
import { gridPoints, sphereGrid } from '../../src/sphere/grid.js';
import { randomSpherePoints } from '../../src/sphere/harmonics.js';
import { activationFn, parseActivation } from '../../src/theory/activations.js';

afterAll(releaseDevice);

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return e / s;
}

describe('GPU sampling against the float64 twin', () => {
  const cases: Array<[string, NetworkShape, Float64Array]> = [
    ['relu S², depth 3, bias', { dim: 3, width: 40, depth: 3, sIn: 0.9, sigmaW2: 1.8, sigmaB2: 0.1, seed: 5 }, gridPoints(sphereGrid(5))],
    ['x*tanh(x)+0.3*sin(x) on S⁴, depth 2', { dim: 5, width: 24, depth: 2, sIn: 1, sigmaW2: 1.3, sigmaB2: 0, seed: 77 }, randomSpherePoints(5, 70, 1)],
  ];
  const acts = ['relu', 'x*tanh(x)+0.3*sin(x)'];
  cases.forEach(([name, net, pts], i) => {
    it(`${name}: same fields (relative error ≤ 1e-4), identical under any chunking`, async () => {
      const ctx = await getGpu();
      const spec = parseActivation(acts[i]);
      const g = await fieldsGpu(ctx, net, spec, pts, 2, 5);
      const c = await fieldsCpu(net, activationFn(spec).phi, pts, 2, 5);
      expect(relErr(g, c)).toBeLessThan(1e-4);
      const chunked = await fieldsGpu(ctx, net, spec, pts, 2, 5, { maxNetworksPerChunk: 2, maxPointsPerChunk: 17 });
      expect(Array.from(chunked)).toEqual(Array.from(g));
      // A network's field depends only on (seed, index), not on the batch it was drawn in.
      const alone = await fieldsGpu(ctx, net, spec, pts, 4, 1);
      const M = pts.length / net.dim;
      expect(Array.from(alone)).toEqual(Array.from(g.subarray(2 * M, 3 * M)));
      if (i === 0) {
        // The generic register-blocked kernel (non-4×4 tiles, as tried on large GPUs).
        const generic = await fieldsGpu(ctx, net, spec, pts, 2, 5, { tile: { tm: 2, tn: 4, bk: 8 } });
        expect(relErr(generic, c)).toBeLessThan(1e-4);
        // The workgroup-memory 4×4 kernel GPUs use (SwiftShader gets the barrier-free one by default).
        const tiled = await fieldsGpu(ctx, net, spec, pts, 2, 5, { kernel: 'tiled' });
        expect(relErr(tiled, c)).toBeLessThan(1e-4);
        // The 128×128-tile kernel meant for large GPUs.
        const big = await fieldsGpu(ctx, net, spec, pts, 2, 5, { tile: { tm: 8, tn: 8, bk: 8 }, maxPointsPerChunk: 150 });
        expect(relErr(big, c)).toBeLessThan(1e-4);
      }
    });
  });

  it('same spectra as the CPU twin, both estimators, deterministic', async () => {
    for (const estimator of ['conditional', 'field'] as const) {
      const p = { activation: 'gelu', depth: 2, width: 32, networks: 6, lmax: 8, seed: 3, sigmaB2: 0.2, estimator };
      const g = await sampleSpectrum({ ...p, backend: 'webgpu' });
      const c = await sampleSpectrum({ ...p, backend: 'cpu' });
      expect(g.backend).toBe('webgpu');
      expect(g.adapter).toBeTruthy();
      expect(relErr(g.D, c.D)).toBeLessThan(1e-4);
      expect(relErr(g.C, c.C)).toBeLessThan(1e-4);
      expect(relErr(g.theoryD!, c.theoryD!)).toBe(0);
      const again = await sampleSpectrum({ ...p, backend: 'webgpu' });
      expect(again.D).toEqual(g.D);
    }
  });

  it('odd activation without bias: even multipoles vanish on the GPU too', async () => {
    const r = await sampleSpectrum({ activation: 'erf', depth: 2, width: 24, networks: 3, lmax: 8, backend: 'webgpu', theory: false });
    for (let l = 0; l <= 8; l += 2) expect(r.D[l]).toBeLessThan(1e-6 * r.D[1]);
  });

  it('other dimensions: GPU fields + Gegenbauer estimator match the twin', async () => {
    const p = { activation: 'tanh', depth: 1, width: 16, networks: 3, lmax: 5, dim: 4, points: 120, seed: 2 };
    const g = await sampleSpectrum({ ...p, backend: 'webgpu' });
    const c = await sampleSpectrum({ ...p, backend: 'cpu' });
    expect(g.estimator).toBe('gegenbauer');
    expect(relErr(g.D, c.D)).toBeLessThan(1e-4);
  });
});
