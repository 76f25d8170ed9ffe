/**
 * Are the reported standard errors honest? Over seeds 0–19 the z-scores of the degrees with
 * non-zero theory must look standard normal (mean z² in [0.6, 1.6], |z| < 3 in ≥ 97 %), and the
 * degrees that are zero by parity must sit within 3 standard errors of 0 with |D̂| at rounding level.
 */
import { describe, expect, it } from 'vitest';
import { sampleSpectrum, type SampleParams } from '../../src/sample/sample.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i);

async function calibration(p: SampleParams) {
  const z: number[] = [];
  let zeroLeak = 0;
  let parityOk = true;
  for (const seed of SEEDS) {
    const r = await sampleSpectrum({ ...p, seed, backend: 'cpu' });
    r.z!.forEach((v, l) => {
      if (v === null) return;
      // z is (D̂ - D)/Dse, recomputed here from the reported numbers.
      if (r.Dse[l] > 1e-12) expect(v).toBeCloseTo((r.D[l] - r.theoryD![l]) / r.Dse[l], 9);
      z.push(v);
    });
    expect(r.maxAbsZ).toBe(Math.max(...r.z!.filter((v): v is number => v !== null).map(Math.abs)));
    for (const l of r.zeroDegrees) {
      zeroLeak = Math.max(zeroLeak, Math.abs(r.D[l]));
      if (Math.abs(r.D[l]) > 3 * r.Dse[l] + 1e-15) parityOk = false;
    }
    expect(r.zeroLeak).toBe(r.zeroDegrees.length ? Math.max(...r.zeroDegrees.map((l) => Math.abs(r.D[l]))) : null);
  }
  const meanZ2 = z.reduce((s, v) => s + v * v, 0) / z.length;
  const within3 = z.filter((v) => Math.abs(v) < 3).length / z.length;
  return { meanZ2, within3, zeroLeak, parityOk, n: z.length };
}

/** Mean z² in [0.6, 1.6], |z| < 3 in at least 97 %, parity zeros within 3 standard errors. */
function expectCalibrated(c: Awaited<ReturnType<typeof calibration>>): void {
  expect(c.meanZ2).toBeGreaterThanOrEqual(0.6);
  expect(c.meanZ2).toBeLessThanOrEqual(1.6);
  expect(c.within3).toBeGreaterThanOrEqual(0.97);
  expect(c.parityOk).toBe(true);
}

describe('calibrated standard errors over 20 seeds (CPU twin)', () => {
  it('S⁴: tanh, depth 2, width 128, 64 networks, 1024 points, lmax 8 (antipodal per-network points)', async () => {
    const c = await calibration({ activation: 'tanh', dim: 5, depth: 2, width: 128, networks: 64, points: 1024, lmax: 8 });
    expect(c.n).toBe(20 * 4);
    expectCalibrated(c);
    // Even degrees of an odd network are exactly 0 on an antipodal design.
    expect(c.zeroLeak).toBeLessThan(1e-12);
  }, 300_000);

  // Depth 1: the conditional estimator's mean is the infinite-width D_ℓ at every width (the
  // output layer is averaged exactly and the first layer's units are independent), so z tests
  // the standard errors alone. The grid's band limit is 4·lmax: at depth 1 ReLU's estimate has no
  // Monte Carlo spread, so even the default 3·lmax grid's aliasing is several standard errors.
  it.each(['relu', 'tanh'])('S²: %s, depth 1, width 64, 64 networks, lmax 8, grid band limit 32', async (activation) => {
    const c = await calibration({ activation, dim: 3, depth: 1, width: 64, networks: 64, lmax: 8, gridLmax: 32 });
    expect(c.n).toBeGreaterThanOrEqual(20 * 4);
    expectCalibrated(c);
    expect(c.zeroLeak).toBeLessThan(1e-12);
  }, 300_000);
});
