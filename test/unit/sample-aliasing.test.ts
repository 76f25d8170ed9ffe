// The default S² grid (band limit 3·lmax) against a grid twice as fine on the same networks:
// ReLU fields are not band-limited, so what a grid misses shows up as a bias common to all
// networks at the top degrees. The twin is deterministic in (seed, network), so the difference
// between two grids is the aliasing alone, free of Monte Carlo noise.
import { describe, expect, it } from 'vitest';
import { defaultGridLmax, gridAliasWarning, sampleSpectrum, type SampleParams } from '../../src/sample/sample.js';

/** max over degrees with non-zero power of |D̂_a − D̂_b| / Dse_b. */
function biasInSe(a: { D: number[] }, b: { D: number[]; Dse: number[] }): number {
  const total = b.D.reduce((s, v) => s + v, 0);
  let worst = 0;
  // Degrees that vanish in every network (ReLU at depth 1: odd l >= 3) have Dse at rounding level.
  b.D.forEach((d, l) => {
    if (d > 1e-10 * total) worst = Math.max(worst, Math.abs(a.D[l] - d) / b.Dse[l]);
  });
  return worst;
}

describe('S² grid aliasing at the default band limit', () => {
  it('the default grid is 3·lmax, capped at the largest grid', () => {
    expect(defaultGridLmax(8)).toBe(24);
    expect(defaultGridLmax(32)).toBe(96);
    expect(defaultGridLmax(1023)).toBe(2047);
    expect(gridAliasWarning(8, 24)).toBeNull();
    expect(gridAliasWarning(8, 16)).toMatch(/grid-lmax 16 is below the default 24/);
  });

  it('ReLU at depth 2: the default grid agrees with a 2x finer one to a small fraction of Dse; 2·lmax does not and is flagged', async () => {
    // Depth 2, so that Dse is Monte Carlo error over hidden layers (at depth 1 ReLU is positively
    // homogeneous and the conditional estimator has none). Bias against Dse grows like √networks:
    // at 32 networks the 2·lmax grid sits 0.15–0.22 Dse high at l = lmax, the default ≤ 0.04.
    const lmax = 8;
    for (const seed of [0, 1, 2, 3]) {
      const p: SampleParams = { activation: 'relu', depth: 2, width: 64, networks: 32, lmax, seed, backend: 'cpu', theory: false };
      const dflt = await sampleSpectrum(p);
      const fine = await sampleSpectrum({ ...p, gridLmax: 6 * lmax });
      const coarse = await sampleSpectrum({ ...p, gridLmax: 2 * lmax });
      expect(dflt.gridLmax).toBe(3 * lmax);
      expect(dflt.gridWarning).toBeUndefined();
      expect(biasInSe(dflt, fine)).toBeLessThan(0.06);
      expect((coarse.D[lmax] - fine.D[lmax]) / fine.Dse[lmax]).toBeGreaterThan(0.12);
      expect(coarse.gridWarning).toMatch(/grid-lmax 16 is below the default 24 \(3\*lmax, at most 2047\)/);
    }
  }, 60_000);
});
