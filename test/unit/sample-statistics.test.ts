// The sampling statistics against references that do not share the sampler's code: a float64
// recomputation of the fields, the spread of D̂ over independent runs, closed-form spectra.
import { describe, expect, it } from 'vitest';
import { sampleSpectrum, type SampleParams } from '../../src/sample/sample.js';
import { networkWeights } from '../../src/sample/network.js';

/** The field of network k at x, layer by layer in plain float64 loops. */
function fieldAt(r: { dim: number; width: number; depth: number; sIn: number; sigmaW2: number; sigmaB2: number; seed: number }, k: number, x: ArrayLike<number>, phi: (v: number) => number): number {
  const layers = networkWeights(r, k);
  let a = Array.from(x);
  layers.forEach(({ W, b, rows, cols }, l) => {
    const out: number[] = [];
    for (let i = 0; i < rows; i++) {
      let s = b[i];
      for (let c = 0; c < cols; c++) s += W[i * cols + c] * a[c];
      out.push(l < layers.length - 1 ? phi(s) : s);
    }
    a = out;
  });
  return a[0];
}

/** Degrees whose theory is not zero (by symmetry or below 1e-14 of the total): z is defined there. */
function zAway(r: { D: number[]; Dse: number[]; theoryD: number[] | null }): number[] {
  const th = r.theoryD!;
  const total = th.reduce((s, v) => s + Math.abs(v), 0);
  return r.D.flatMap((d, l) => (Math.abs(th[l]) > 1e-14 * total ? [(d - th[l]) / r.Dse[l]] : []));
}

describe('sampling statistics (CPU twin)', () => {
  it('the float64 twin evaluates every field value in float64 (raw tanh with bias, depth 2)', async () => {
    const p: SampleParams = { activation: 'tanh', depth: 2, width: 24, networks: 2, lmax: 4, mode: 'raw', sigmaW2: 1.5, sigmaB2: 0.3, seed: 7, estimator: 'field', keepFields: 2, theory: false, backend: 'cpu' };
    const r = await sampleSpectrum(p);
    const f = r.fields!;
    const M = f.points.length / 3;
    expect(f.values).toBeInstanceOf(Float64Array);
    let worst = 0;
    for (let k = 0; k < 2; k++)
      for (let i = 0; i < M; i += 7) {
        const want = fieldAt({ ...r, dim: 3 }, k, f.points.subarray(3 * i, 3 * i + 3), Math.tanh);
        worst = Math.max(worst, Math.abs(f.values[k * M + i] - want) / (1 + Math.abs(want)));
      }
    // Summation order differs: a few ulps. Float32 anywhere on the way would leave ~1e-8.
    expect(worst).toBeLessThan(1e-13);
  });

  it('Dse is the spread of D̂ over independent runs (40 seeds of 8 networks each)', async () => {
    const R = 40;
    const runs = [];
    for (let seed = 0; seed < R; seed++)
      runs.push(await sampleSpectrum({ activation: 'tanh', depth: 2, width: 16, networks: 8, lmax: 6, gridLmax: 12, sigmaB2: 0.2, seed: 300 + seed, backend: 'cpu', theory: false }));
    // Per degree, (variance of D̂ across runs) / (mean Dse²) estimates 1 with a relative error of
    // about √(2/39) ≈ 0.23; the mean over the 7 degrees (measured 0.76-1.08 on four sets of 24
    // runs, spread ≈ 0.11 at 40) stays inside [0.4, 2.5] unless Dse is off by a factor ≥ 1.5.
    // Without its 1/√K the ratio would be 1/8 of that.
    let ratio = 0;
    for (let l = 0; l <= 6; l++) {
      const mean = runs.reduce((s, r) => s + r.D[l], 0) / R;
      const v = runs.reduce((s, r) => s + (r.D[l] - mean) ** 2, 0) / (R - 1);
      const se2 = runs.reduce((s, r) => s + r.Dse[l] ** 2, 0) / R;
      ratio += v / se2 / 7;
    }
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(2.5);
  });

  it('Ĉ is the field-scale power: raw ReLU at depth 1 on S², C_l = 4π K(1) D_l/(2l+1) with the closed-form D_l', async () => {
    // Depth 1 with the conditional estimator is unbiased for b_l at any width: E over the first
    // layer of each unit's power is the theory's. K(1) = σw² · σw²/2.
    const want = [3 / 8, 1 / 2, 15 / 128, 0, 3 / 512, 0, 39 / 32768, 0, 51 / 131072];
    for (const seed of [0, 1]) {
      const r = await sampleSpectrum({ activation: 'relu', depth: 1, width: 64, networks: 32, lmax: 8, gridLmax: 24, mode: 'raw', sigmaW2: 3, seed, backend: 'cpu' });
      want.forEach((d, l) => {
        const C = (4 * Math.PI * 4.5 * d) / (2 * l + 1);
        expect(Math.abs(r.C[l] - C)).toBeLessThan(5 * r.Cse[l] + 1e-12);
        // The normalised law: the depth-1 values of docs/conventions.md.
        expect(Math.abs(r.D[l] - d)).toBeLessThan(5 * r.Dse[l] + 1e-12);
      });
      expect(Math.abs(r.meanSquare - 4.5) / 4.5).toBeLessThan(0.05);
    }
  });

  it('a wrong hidden-layer variance shows: tanh with bias at depth 2 (not homogeneous), seeds 0-2', async () => {
    // ReLU without bias is blind to a hidden layer's scale (it only rescales the field); tanh
    // with a bias changes both the field variance and the spectrum's shape with it.
    for (const seed of [0, 1, 2]) {
      const r = await sampleSpectrum({ activation: 'tanh', depth: 2, width: 128, networks: 32, lmax: 6, gridLmax: 12, sigmaB2: 0.2, seed, backend: 'cpu' });
      for (const z of zAway(r)) expect(Math.abs(z)).toBeLessThan(5);
      // Normalized mode: K(1) = 1; measured |meanSquare - 1| ≤ 0.015 over seeds 0-7.
      expect(Math.abs(r.meanSquare - 1)).toBeLessThan(0.05);
    }
  });

  it('a grid of band limit 3·lmax leaves no aliasing bias at the top degrees; a coarse one adds power there', async () => {
    // ReLU fields are not band-limited: on a grid of band limit G, degrees above 2G + 1 - l fold
    // into degree l, most at l = lmax. Same networks (same seed) on three grids.
    for (const seed of [0, 1, 2]) {
      const p = { activation: 'relu', depth: 2, width: 32, networks: 8, lmax: 8, seed, backend: 'cpu' as const, theory: false };
      const coarse = await sampleSpectrum({ ...p, gridLmax: 9 });
      const ok = await sampleSpectrum({ ...p, gridLmax: 24 });
      const fine = await sampleSpectrum({ ...p, gridLmax: 48 });
      for (let l = 0; l <= 8; l++) expect(Math.abs(ok.D[l] - fine.D[l])).toBeLessThan(0.05 * fine.Dse[l]);
      expect(coarse.D[8] - fine.D[8]).toBeGreaterThan(0.5 * fine.Dse[8]);
    }
  });
});
