import { describe, expect, it } from 'vitest';
import { sampleSpectrum } from '../../src/sample/sample.js';
import { gaussLegendre } from '../../src/sphere/quadrature.js';
import { gegenbauerPower } from '../../src/sphere/gegenbauer-estimator.js';
import { gegenbauer, harmonicDimension } from '../../src/sphere/gegenbauer.js';
import { randomSpherePoints } from '../../src/sphere/harmonics.js';
import { NnspectraError } from '../../src/errors.js';
import { theorySpectrum } from '../../src/theory/spectrum.js';

// Closed-form normalized ReLU correlation map (docs/conventions.md), composed `depth` times, and its D_ℓ on
// S² by Gauss–Legendre in t with the Legendre recurrence: independent of the theory engine.
const kappa = (u: number) => (Math.sqrt(Math.max(0, 1 - u * u)) + (Math.PI - Math.acos(Math.max(-1, Math.min(1, u)))) * u) / Math.PI;
function reluD(depth: number, lmax: number): number[] {
  const { x, w } = gaussLegendre(3000);
  const D = new Array(lmax + 1).fill(0);
  for (let i = 0; i < x.length; i++) {
    let k = x[i];
    for (let j = 0; j < depth; j++) k = kappa(k);
    let p0 = 1;
    let p1 = x[i];
    for (let l = 0; l <= lmax; l++) {
      const P = l === 0 ? 1 : l === 1 ? x[i] : ((2 * l - 1) * x[i] * p1 - (l - 1) * p0) / l;
      if (l >= 2) {
        p0 = p1;
        p1 = P;
      }
      D[l] += ((2 * l + 1) / 2) * w[i] * k * P;
    }
  }
  return D;
}

describe('Monte Carlo converges to the infinite-width theory (CPU twin)', () => {
  it('the reference reproduces the closed-form depth-1 law, and the theory engine matches it at depths 1 and 2', () => {
    const want = [3 / 8, 1 / 2, 15 / 128, 0, 3 / 512, 0, 39 / 32768, 0, 51 / 131072];
    const d1 = reluD(1, 8);
    // κ has √(1-u²) at u = ±1, where Gauss–Legendre converges only algebraically: 1e-9 holds with 3000 nodes.
    want.forEach((v, l) => expect(Math.abs(d1[l] - v)).toBeLessThan(1e-9));
    const th = theorySpectrum({ activation: 'relu', depths: [1, 2], lmax: 16 });
    for (const s of th.depths) {
      const ref = reluD(s.depth, 16);
      for (let l = 0; l <= 16; l++) expect(Math.abs(s.D[l] - ref[l])).toBeLessThan(1e-9);
    }
  });

  it('relu, depth 2, width 128, 64 networks, lmax 10: |z| < 5 and |D - theory| < 0.02', async () => {
    const lmax = 10;
    // Band limit 3·lmax: ReLU fields are not band-limited, and on a grid of band limit G degrees
    // above 2G + 1 - ℓ fold into degree ℓ, most at ℓ = lmax (at G = 26 with lmax 16 this biased
    // D̂_16 by +2.5 to +3.6 standard errors at 200 networks; at 3·lmax it is below 0.05 se).
    const r = await sampleSpectrum({ activation: 'relu', depth: 2, width: 128, networks: 64, lmax, gridLmax: 3 * lmax, seed: 1, backend: 'cpu' });
    const th = reluD(2, lmax);
    for (let l = 0; l <= lmax; l++) expect(Math.abs(r.theoryD![l] - th[l])).toBeLessThan(1e-9);
    expect(r.z!.every((z, l) => z !== null && Math.abs(Number(z) - (r.D[l] - r.theoryD![l]) / r.Dse[l]) < 1e-9)).toBe(true);
    expect(r.backend).toBe('cpu');
    expect(r.estimator).toBe('conditional');
    // |z| < 5: measured max |z| 1.3-3.5 over seeds 0-7, at ℓ = 0, 1, 3, 4 and 8 (no degree favoured).
    for (let l = 0; l <= lmax; l++) {
      expect(Math.abs(r.D[l] - th[l])).toBeLessThan(0.02);
      expect(Math.abs((r.D[l] - th[l]) / r.Dse[l])).toBeLessThan(5);
    }
    // Normalized mode: the field variance is 1 up to Monte Carlo error.
    expect(Math.abs(r.meanSquare - 1)).toBeLessThan(0.15);
  });
});

describe('sampling invariants (CPU twin)', () => {
  it('odd activations without bias give zero even multipoles', async () => {
    for (const estimator of ['conditional', 'field'] as const) {
      const r = await sampleSpectrum({ activation: 'tanh', depth: 2, width: 16, networks: 3, lmax: 8, backend: 'cpu', estimator, theory: false });
      for (let l = 0; l <= 8; l += 2) expect(r.D[l]).toBeLessThan(1e-12);
      expect(r.D[1]).toBeGreaterThan(0.1);
    }
  });

  it('is deterministic per seed, and different seeds differ', async () => {
    const p = { activation: 'gelu', depth: 2, width: 12, networks: 3, lmax: 6, backend: 'cpu' as const, theory: false, keepFields: 3 };
    const a = await sampleSpectrum({ ...p, seed: 9 });
    const b = await sampleSpectrum({ ...p, seed: 9 });
    const c = await sampleSpectrum({ ...p, seed: 10 });
    expect(b.D).toEqual(a.D);
    expect(Array.from(b.fields!.values)).toEqual(Array.from(a.fields!.values));
    expect(c.D[0]).not.toBe(a.D[0]);
    expect(Array.from(c.fields!.values).some((v, i) => v !== a.fields!.values[i])).toBe(true);
  });

  it('the conditional and field estimators agree on average', async () => {
    const p = { activation: 'erf', depth: 1, width: 64, networks: 60, lmax: 6, seed: 4, backend: 'cpu' as const, theory: false };
    const a = await sampleSpectrum({ ...p, estimator: 'conditional' });
    const b = await sampleSpectrum({ ...p, estimator: 'field' });
    for (let l = 0; l <= 6; l++) expect(Math.abs(a.D[l] - b.D[l])).toBeLessThan(5 * Math.hypot(a.Dse[l], b.Dse[l]) + 1e-12);
  });

  it('raw mode: the field variance follows q_{l+1} = σw² E[φ(√q_l Z)²] + σb², spectra match the theory', async () => {
    // ReLU: E[relu(√q Z)²] = q/2, so with σw² = 2 every layer adds σb² to q_1 = σw² + σb².
    const p = { activation: 'relu', depth: 2, width: 96, mode: 'raw' as const, sigmaW2: 2, sigmaB2: 0.1, backend: 'cpu' as const };
    const r = await sampleSpectrum({ ...p, networks: 40, lmax: 6, seed: 5 });
    expect(r.sIn).toBe(2);
    for (let l = 0; l <= 6; l++) expect(Math.abs(r.z![l] ?? 0)).toBeLessThan(5);
    // E[meanSquare] is exactly 2.3 at any width (ReLU is homogeneous), but one run scatters: the
    // relative deviation was 0.03 rms (up to 0.068) at 40 networks of width 96, and 0.022 rms at
    // 200 networks of width 24 (12 seeds, mean 2e-4). 1600 networks of width 24 bring it to about
    // 0.008, so 0.05 is over 6 standard deviations.
    const v = await sampleSpectrum({ ...p, width: 24, networks: 1600, lmax: 1, gridLmax: 12, seed: 6, theory: false });
    expect(Math.abs(v.meanSquare - 2.3) / 2.3).toBeLessThan(0.05);
  });

  it('rejects bad input with the parameter named', async () => {
    const base = { activation: 'relu', depth: 1, width: 4, networks: 1, backend: 'cpu' as const };
    const bad: Array<[object, RegExp]> = [
      [{ width: 0 }, /width must be an integer/],
      [{ networks: 0 }, /networks must be an integer/],
      [{ depth: 0 }, /depth must be an integer/],
      [{ dim: 1 }, /dim must be an integer/],
      [{ lmax: -1 }, /lmax must be an integer/],
      [{ seed: -3 }, /seed must be an integer/],
      [{ backend: 'cuda' }, /backend must be one of/],
      [{ activation: 'nope(' }, /activation/],
      [{ dim: 4, estimator: 'conditional' }, /estimator must be field/],
      [{ sigmaB2: 1.5 }, /sigma-b2/],
      [{ width: 60000, lmax: 300, cpuMemoryCapBytes: 2 ** 30 }, /memory cap/],
    ];
    for (const [patch, re] of bad) {
      const e = await sampleSpectrum({ ...base, ...patch } as never).then(() => null, (x) => x);
      expect(e).toBeInstanceOf(NnspectraError);
      expect((e as Error).message).toMatch(re);
    }
  });

  it('honours an AbortSignal and reports progress', async () => {
    const seen: number[] = [];
    const ac = new AbortController();
    const e = await sampleSpectrum(
      { activation: 'relu', depth: 1, width: 8, networks: 50, lmax: 4, backend: 'cpu', theory: false },
      { signal: ac.signal, onProgress: (p) => { seen.push(p.done); if (p.done >= 3) ac.abort(); } },
    ).then(() => null, (x) => x);
    expect((e as NnspectraError).code).toBe('ABORTED');
    expect(seen[0]).toBe(0);
    expect(Math.max(...seen)).toBeLessThan(50);
  });
});

describe('Gegenbauer estimator on S^{d-1}', () => {
  it('recovers the power of a zonal harmonic on S³ from random points, seeds 0-2', async () => {
    const d = 4;
    const M = 1500;
    for (const seed of [0, 1, 2]) {
      const pts = randomSpherePoints(d, M, seed);
      const e = [0.5, -0.5, 0.5, 0.5];
      const f = new Float64Array(M);
      for (let i = 0; i < M; i++) {
        let t = 0;
        for (let c = 0; c < d; c++) t += pts[i * d + c] * e[c];
        f[i] = gegenbauer(d, 2, t);
      }
      const { b, meanSquare } = await gegenbauerPower(pts, d, f, 1, 5);
      // ∫ G_ℓ(<x,e>)² dσ/|S| = 1/N(d, ℓ): all the power sits at ℓ = 2. With 1500 points the
      // estimate scatters by about 0.06 (largest error over 20 seeds: 0.18) and the mean square
      // by 0.03: the bounds are 5 of those.
      for (let l = 0; l <= 5; l++) expect(Math.abs(b[l] * harmonicDimension(d, l) - (l === 2 ? 1 : 0))).toBeLessThan(0.3);
      expect(Math.abs(meanSquare[0] * harmonicDimension(d, 2) - 1)).toBeLessThan(0.15);
    }
  });

  it('points are uniform: the sample mean of x and of x x^T - I/d vanish', () => {
    const d = 5;
    const M = 4000;
    const pts = randomSpherePoints(d, M, 11);
    for (let c = 0; c < d; c++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < M; i++) {
        s += pts[i * d + c];
        s2 += pts[i * d + c] ** 2;
      }
      expect(Math.abs(s / M)).toBeLessThan(0.03);
      expect(Math.abs(s2 / M - 1 / d)).toBeLessThan(0.02);
    }
  });

  it('the Gegenbauer estimator equals its defining double sum (3 fields, d = 4)', async () => {
    const d = 4, M = 37, lmax = 6, count = 3;
    const pts = randomSpherePoints(d, M, 5);
    const f = Float64Array.from({ length: count * M }, (_, i) => Math.sin(1.7 * i) + 0.3 * Math.cos(0.2 * i * i));
    const { b, meanSquare } = await gegenbauerPower(pts, d, f, count, lmax);
    for (let k = 0; k < count; k++) {
      for (let l = 0; l <= lmax; l++) {
        let s = 0;
        for (let i = 0; i < M; i++)
          for (let j = 0; j < M; j++) {
            if (i === j) continue;
            let t = 0;
            for (let c = 0; c < d; c++) t += pts[i * d + c] * pts[j * d + c];
            s += f[k * M + i] * f[k * M + j] * gegenbauer(d, l, t);
          }
        const want = (harmonicDimension(d, l) * s) / (M * (M - 1));
        expect(Math.abs(b[k * (lmax + 1) + l] - want)).toBeLessThan(1e-13);
      }
      let ms = 0;
      for (let i = 0; i < M; i++) ms += f[k * M + i] ** 2 / M;
      expect(Math.abs(meanSquare[k] - ms)).toBeLessThan(1e-14);
    }
  });
});
