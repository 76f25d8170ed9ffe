import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { normalAt } from '../../src/rng/philox.js';
import { gegenbauerPower } from '../../src/sphere/gegenbauer-estimator.js';
import { gegenbauerPowerGpu } from '../../src/sphere/gegenbauer-gpu.js';
import { gegenbauer, harmonicDimension } from '../../src/sphere/gegenbauer.js';

afterAll(releaseDevice);

/** M Philox-normal points projected onto S^{d-1}. */
function spherePoints(M: number, d: number, seed: number): Float64Array {
  const x = new Float64Array(M * d);
  for (let i = 0; i < M; i++) {
    let r = 0;
    for (let c = 0; c < d; c++) r += (x[i * d + c] = normalAt(seed, 20, c, i, 0, 0)) ** 2;
    for (let c = 0; c < d; c++) x[i * d + c] /= Math.sqrt(r);
  }
  return x;
}

describe('Gegenbauer estimator on the GPU', () => {
  it.each([
    [2, 45, 6, 19],
    [4, 70, 8, 3],
    [5, 33, 5, 17],
  ])('d = %d, M = %d, lmax = %d, %d fields: matches the float64 twin', async (d, M, lmax, count) => {
    const ctx = await getGpu();
    const pts = spherePoints(M, d, d);
    const f = new Float64Array(count * M);
    for (let i = 0; i < f.length; i++) f[i] = normalAt(5, 21, i, d, 0, 0);
    const cpu = await gegenbauerPower(pts, d, f, count, lmax);
    const gpu = await gegenbauerPowerGpu(ctx, pts, d, f, count, lmax);
    // |b̂_ℓ| ≤ N(d, ℓ) · mean(|f|)² since |G_ℓ| ≤ 1: f32 rounding is judged against that scale.
    for (let k = 0; k < count; k++) {
      let mean = 0;
      for (let i = 0; i < M; i++) mean += Math.abs(f[k * M + i]) / M;
      for (let l = 0; l <= lmax; l++) {
        const scale = mean * mean * harmonicDimension(d, l);
        expect(Math.abs(gpu.b[k * (lmax + 1) + l] - cpu.b[k * (lmax + 1) + l])).toBeLessThan(1e-5 * scale);
      }
      expect(gpu.meanSquare[k]).toBeCloseTo(cpu.meanSquare[k], 12);
    }
  });

  it('a field that is a single degree-ℓ zonal harmonic puts its power at ℓ', async () => {
    // f(x) = G_3(⟨x, e⟩) on S³ (d = 4): the estimator's mean is concentrated at ℓ = 3.
    const ctx = await getGpu();
    const d = 4;
    const M = 160;
    const pts = spherePoints(M, d, 11);
    const f = Float64Array.from({ length: M }, (_, i) => gegenbauer(d, 3, pts[i * d]));
    const { b } = await gegenbauerPowerGpu(ctx, pts, d, f, 1, 6);
    const top = b.indexOf(Math.max(...b));
    expect(top).toBe(3);
  });
});
