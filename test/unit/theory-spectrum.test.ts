import { describe, expect, it } from 'vitest';
import { theorySpectrum } from '../../src/theory/spectrum.js';
import { classifyActivations, kappaPrime1, phaseDiagram, rawKappaPrime1 } from '../../src/theory/regimes.js';
import { kernelFamily } from '../../src/theory/kernels.js';
import { parseActivation } from '../../src/theory/activations.js';
import { gaussLegendre } from '../../src/sphere/quadrature.js';
import { gegenbauerAll } from '../../src/sphere/gegenbauer.js';
import { NnspectraError } from '../../src/errors.js';
import { normalCdf } from '../../src/theory/special.js';

/** Modified spherical Bessel i_l(1) = Σ_k (1/2)^k / (k! (2l+2k+1)!!). */
function sphBesselI(l: number): number {
  let df = 1;
  for (let k = 3; k <= 2 * l + 1; k += 2) df *= k;
  let term = 1 / df;
  let s = term;
  for (let k = 1; k < 40; k++) {
    term *= 0.5 / (k * (2 * l + 2 * k + 1));
    s += term;
  }
  return s;
}

/** Independent reference on S²: compose κ on a plain Gauss–Legendre rule in t and project with Legendre. */
function glReference(activation: string, depth: number, lmax: number, n: number): number[] {
  const map = kernelFamily(parseActivation(activation)).at(1);
  const g = gaussLegendre(n);
  const acc = new Float64Array(lmax + 1);
  const P = new Float64Array(lmax + 1);
  for (let i = 0; i < n; i++) {
    let k = g.x[i];
    for (let l = 0; l < depth; l++) k = map.kappa(k);
    gegenbauerAll(3, lmax, g.x[i], P);
    for (let l = 0; l <= lmax; l++) acc[l] += 0.5 * g.w[i] * k * P[l];
  }
  return Array.from(acc, (v, l) => (2 * l + 1) * v);
}

function maxDiff(a: number[], b: number[], upto: number): number {
  let m = 0;
  for (let l = 0; l <= upto; l++) m = Math.max(m, Math.abs(a[l] - b[l]));
  return m;
}

describe('exact spectra', () => {
  it('ReLU at depth 1 on S² has the masses of docs/conventions.md', () => {
    const r = theorySpectrum({ activation: 'relu', depths: [1], lmax: 8 });
    const want = [3 / 8, 1 / 2, 15 / 128, 0, 3 / 512, 0, 39 / 32768, 0, 51 / 131072];
    want.forEach((w, l) => expect(Math.abs(r.depths[0].D[l] - w)).toBeLessThan(1e-15));
    expect(r.kappaPrime1).toBe(1);
    expect(r.regime).toBe('sparse');
    for (let l = 3; l <= 8; l += 2) expect(Math.abs(r.depths[0].D[l])).toBeLessThan(1e-15);
  });

  it('sin and cos at depth 1: D_l = (2l+1) i_l(1)/sinh(1) (odd l), /cosh(1) (even l)', () => {
    const s = theorySpectrum({ activation: 'sin', depths: [1], lmax: 30 }).depths[0];
    const c = theorySpectrum({ activation: 'cos', depths: [1], lmax: 30 }).depths[0];
    for (let l = 0; l <= 30; l++) {
      const b = (2 * l + 1) * sphBesselI(l);
      expect(Math.abs(s.D[l] - (l % 2 ? b / Math.sinh(1) : 0))).toBeLessThan(1e-14);
      expect(Math.abs(c.D[l] - (l % 2 ? 0 : b / Math.cosh(1)))).toBeLessThan(1e-14);
    }
    expect(s.tailMass).toBeLessThan(1e-13);
    // C_l = 4π b_l / (2l+1) on S²
    expect(s.C[1]).toBeCloseTo((4 * Math.PI * s.D[1]) / 3, 15);
  });

  it('raw-mode ReLU without bias has the normalized spectrum at any σ_w² (homogeneity)', () => {
    const n = theorySpectrum({ activation: 'relu', depths: [1, 3, 7], lmax: 40, dim: 4 });
    for (const sw2 of [0.5, 2, 3.1]) {
      const r = theorySpectrum({ activation: 'relu', depths: [1, 3, 7], lmax: 40, dim: 4, mode: 'raw', sigmaW2: sw2 });
      expect(r.regime).toBe('sparse');
      r.depths.forEach((d, i) => {
        expect(maxDiff(d.D, n.depths[i].D, 40)).toBeLessThan(1e-14);
        expect(d.variance).toBeCloseTo(sw2 * (sw2 / 2) ** d.depth, 12);
      });
    }
  });

  it('raw mode with bias matches a direct two-layer computation', () => {
    // K_1 = sw2 t + sb2; K_2 = sw2 E[tanh(u) tanh(v)] + sb2 with Cov = [[q1, K1], [K1, q1]]
    const sw2 = 1.7;
    const sb2 = 0.3;
    const r = theorySpectrum({ activation: 'tanh', depths: [1], lmax: 20, mode: 'raw', sigmaW2: sw2, sigmaB2: sb2 });
    const q1 = sw2 + sb2;
    const g = gaussLegendre(30);
    const nodes: number[] = [];
    const wts: number[] = [];
    for (let p = -8; p < 8; p++)
      for (let i = 0; i < 30; i++) {
        const x = p + 0.5 * (1 + g.x[i]);
        nodes.push(x);
        wts.push((0.5 * g.w[i] * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI));
      }
    const E = (c: number) => {
      const rho = c / q1;
      const s = Math.sqrt(1 - rho * rho);
      let acc = 0;
      for (let i = 0; i < nodes.length; i++) {
        let inner = 0;
        for (let j = 0; j < nodes.length; j++) inner += wts[j] * Math.tanh(Math.sqrt(q1) * (rho * nodes[i] + s * nodes[j]));
        acc += wts[i] * Math.tanh(Math.sqrt(q1) * nodes[i]) * inner;
      }
      return acc;
    };
    const gt = gaussLegendre(40);
    const acc = new Float64Array(21);
    const P = new Float64Array(21);
    const K2 = (t: number) => sw2 * E(sw2 * t + sb2) + sb2;
    for (let i = 0; i < 40; i++) {
      const k = K2(gt.x[i]);
      gegenbauerAll(3, 20, gt.x[i], P);
      for (let l = 0; l <= 20; l++) acc[l] += 0.5 * gt.w[i] * k * P[l];
    }
    const k1 = K2(1);
    expect(r.depths[0].variance).toBeCloseTo(k1, 12);
    for (let l = 0; l <= 20; l++) expect(Math.abs(r.depths[0].D[l] - ((2 * l + 1) * acc[l]) / k1)).toBeLessThan(1e-12);
    // C_l = 4π b_l / (2l+1) with b_l = (2l+1) ∫ K P_l dt / 2: the field's own scale, K(1) = 1.96… here.
    for (let l = 0; l <= 20; l++) expect(Math.abs(r.depths[0].C[l] - 4 * Math.PI * acc[l])).toBeLessThan(1e-12);
  });

  it('raw-mode C carries the field variance: ReLU on S², C_l = 4π K(1) D_l/(2l+1) with the closed-form D_l', () => {
    // K_1(1) = σw², each ReLU layer multiplies the variance by σw²/2; D_l of docs/conventions.md at depth 1.
    const want = [3 / 8, 1 / 2, 15 / 128, 0, 3 / 512, 0, 39 / 32768, 0, 51 / 131072];
    for (const sw2 of [0.7, 3]) {
      const r = theorySpectrum({ activation: 'relu', depths: [1], lmax: 8, mode: 'raw', sigmaW2: sw2 });
      const K1 = (sw2 * sw2) / 2;
      want.forEach((d, l) => expect(Math.abs(r.depths[0].C[l] - (4 * Math.PI * K1 * d) / (2 * l + 1))).toBeLessThan(1e-14 * K1));
    }
    // On S^3 (d = 4): C_l = |S^3| b_l / N(4, l) with |S^3| = 2π², N(4, l) = (l+1)².
    const r4 = theorySpectrum({ activation: 'relu', depths: [2], lmax: 6, dim: 4, mode: 'raw', sigmaW2: 3 });
    const v = 3 * 1.5 * 1.5;
    r4.depths[0].D.forEach((d, l) => expect(r4.depths[0].C[l]).toBeCloseTo((2 * Math.PI ** 2 * v * d) / (l + 1) ** 2, 13));
  });
});

describe('raw mode with a non-smooth, non-homogeneous activation (ELU)', () => {
  it('log-q interpolated layer maps agree with per-layer tabulations', () => {
    const p = { activation: 'elu', mode: 'raw' as const, sigmaW2: 1.5, sigmaB2: 0.1, lmax: 40 };
    const direct = theorySpectrum({ ...p, depths: [8] }); // ≤ 13 distinct variances: one tabulation each
    const interp = theorySpectrum({ ...p, depths: [8, 60] }); // > 13: interpolated in log q
    expect(interp.method).toBe('polar');
    expect(maxDiff(interp.depths[0].D, direct.depths[0].D, 40)).toBeLessThan(1e-12);
    expect(interp.warnings).toEqual([]);
    expect(interp.depths[1].tailMass).toBeGreaterThanOrEqual(0);
  });
});

describe('mirror symmetry shortcut', () => {
  it('odd and even activations give the same spectra with and without the θ ↔ π - θ shortcut', () => {
    // σ_b² = 1e-300 changes nothing numerically but disables the shortcut
    for (const act of ['tanh', 'cos', 'x^3']) {
      const a = theorySpectrum({ activation: act, depths: [1, 5, 40], lmax: 300, dim: 3 });
      const b = theorySpectrum({ activation: act, depths: [1, 5, 40], lmax: 300, dim: 3, sigmaB2: 1e-300 });
      a.depths.forEach((s, i) => expect(maxDiff(s.D, b.depths[i].D, 300)).toBeLessThan(1e-14));
    }
  });
});

describe('identities', () => {
  it('E[X(X+d-2)] = (d-1) K\'(1)/K(1) where the tail is negligible, for d = 2, 3, 4, 8', () => {
    for (const d of [2, 3, 4, 8]) {
      for (const act of ['tanh', 'gelu', 'sin', 'relu_pow:2']) {
        // rounding noise in D_l (≈ 1e-16·√N(d,l)) is weighted by l² here; relu_pow:2 is C¹ only, its band misses more
        const lmax = d === 8 ? 250 : 300;
        const tol = act === 'relu_pow:2' || d === 8 ? 1e-5 : 2e-8;
        const r = theorySpectrum({ activation: act, depths: [1, 3, 6], lmax, dim: d });
        for (const s of r.depths) {
          expect(s.tailMass).toBeLessThan(d === 8 ? 1e-8 : 1e-9);
          expect(Math.abs(s.sobolev - s.sobolevFull) / s.sobolevFull).toBeLessThan(tol);
        }
      }
    }
  });

  it('tailMass is the mass beyond the band: closed forms, an independent projection, a wider band', () => {
    // sin and cos at depth 1: the tail is the closed-form series beyond lmax.
    for (const [act, parity, norm] of [['sin', 1, Math.sinh(1)], ['cos', 0, Math.cosh(1)]] as const) {
      const t = theorySpectrum({ activation: act, depths: [1], lmax: 2 }).depths[0].tailMass;
      let want = 0;
      for (let l = 3; l < 40; l++) if (l % 2 === parity) want += ((2 * l + 1) * sphBesselI(l)) / norm;
      expect(want).toBeGreaterThan(1e-5);
      expect(Math.abs(t - want)).toBeLessThan(1e-14);
    }
    // tanh on S²: 1 minus the partial sum of an independent Gauss–Legendre-in-t projection.
    const r = theorySpectrum({ activation: 'tanh', depths: [1, 3], lmax: 6 });
    for (const s of r.depths) {
      const ref = glReference('tanh', s.depth, 6, 3000);
      const want = 1 - ref.reduce((a, b) => a + b, 0);
      expect(want).toBeGreaterThan(1e-5);
      expect(Math.abs(s.tailMass - want)).toBeLessThan(1e-11);
    }
    // Raw mode with bias on S³: the tail at lmax 5 is what a band to 400 finds beyond 5.
    const p = { activation: 'erf', mode: 'raw' as const, sigmaW2: 2.5, sigmaB2: 0.2, dim: 4, depths: [2] };
    const lo = theorySpectrum({ ...p, lmax: 5 }).depths[0];
    const hi = theorySpectrum({ ...p, lmax: 400 }).depths[0];
    expect(hi.tailMass).toBeLessThan(1e-12);
    expect(lo.tailMass).toBeGreaterThan(1e-5);
    expect(Math.abs(lo.tailMass - hi.D.slice(6).reduce((a, b) => a + b, 0))).toBeLessThan(1e-11);
  });

  it('odd activations give zero even multipoles', () => {
    for (const d of [3, 4]) {
      for (const act of ['tanh', 'erf', 'sin', 'x^3 - x', 'leaky_relu:1']) {
        const r = theorySpectrum({ activation: act, depths: [1, 2, 5], lmax: 64, dim: d });
        for (const s of r.depths) for (let l = 0; l <= 64; l += 2) expect(Math.abs(s.D[l])).toBeLessThan(1e-13);
      }
    }
  });

  it('agrees with an independent Gauss–Legendre-in-t computation (S², tanh, depths 1..50)', () => {
    const r = theorySpectrum({ activation: 'tanh', depths: [1, 20, 50], lmax: 200 });
    for (const s of r.depths) {
      const ref = glReference('tanh', s.depth, 200, 3000);
      expect(maxDiff(s.D, ref, 200)).toBeLessThan(1e-11);
    }
  });
});

describe('deep high-disorder regime', () => {
  it('D_l is stable to 1e-10 between different quadrature rules up to depth 200 and lmax 2048', () => {
    for (const [act, d, depths] of [
      ['tanh', 3, [50, 100, 200]],
      ['sin', 3, [60, 200]],
      ['sin', 2, [30, 100]],
      ['erf', 5, [100]],
      ['step', 3, [3, 20]],
    ] as [string, number, number[]][]) {
      const hi = theorySpectrum({ activation: act, depths, lmax: 2048, dim: d });
      const lo = theorySpectrum({ activation: act, depths, lmax: 300, dim: d });
      expect(hi.regime).toBe('high-disorder');
      hi.depths.forEach((s, i) => {
        expect(maxDiff(s.D, lo.depths[i].D, 300)).toBeLessThan(1e-10);
        expect(s.tailMass).toBeGreaterThanOrEqual(0);
        expect(s.tailMass).toBeLessThanOrEqual(1);
        expect(s.tailMass).toBeLessThanOrEqual(lo.depths[i].tailMass + 1e-10);
        for (const v of s.D) expect(v).toBeGreaterThan(-1e-11);
      });
    }
  });

  it('most mass leaves the band at depth 200 for tanh, and is reported in tailMass', () => {
    const r = theorySpectrum({ activation: 'tanh', depths: [200], lmax: 2048 });
    const s = r.depths[0];
    expect(s.tailMass).toBeGreaterThan(0.999);
    expect(s.sobolevFull).toBeCloseTo(2 * r.kappaPrime1 ** 200, -Math.log10(r.kappaPrime1 ** 200) + 6);
  });
});

describe('κ\'(1) and regimes (docs/conventions.md reference values, normalized, σ_b² = 0)', () => {
  it('matches the reference values', () => {
    const table: [string, number, number][] = [
      ['relu', 1, 15],
      ['leaky_relu', 1, 15],
      ['tanh', 1.17781, 5],
      ['erf', 2 / (Math.sqrt(5) * Math.asin(2 / 3)), 14],
      ['sin', 1 / Math.tanh(1), 14],
      ['gelu', 1.07203, 5],
      ['silu', 1.0666, 4],
      ['sigmoid', 0.15283, 5],
      ['cos', Math.tanh(1), 14],
      ['gaussian', 0.8, 14],
    ];
    for (const [a, v, digits] of table) expect(kappaPrime1(a)).toBeCloseTo(v, digits);
    expect(kappaPrime1('step')).toBe(Infinity);
    // ELU (α = 1) from its exact Gaussian moments: E[φ'²] = 1/2 + e² Φ(-2), E[φ²] = 1 + e² Φ(-2) - 2 e^{1/2} Φ(-1)
    const e2 = Math.exp(2) * normalCdf(-2);
    expect(kappaPrime1('elu')).toBeCloseTo((0.5 + e2) / (1 + e2 - 2 * Math.exp(0.5) * normalCdf(-1)), 13);
    // the built-ins docs/conventions.md does not list: abs and identity 1, relu_pow:p = p²/(2p-1), softplus
    expect(kappaPrime1('abs')).toBe(1);
    expect(kappaPrime1('identity')).toBe(1);
    for (let p = 1; p <= 5; p++) expect(kappaPrime1(`relu_pow:${p}`)).toBeCloseTo((p * p) / (2 * p - 1), 13);
    // softplus: E[σ(Z)²]/E[softplus(Z)²] by a plain trapezoid rule (independent of the panel rule)
    let num = 0;
    let den = 0;
    for (let x = -12; x <= 12; x += 1e-3) {
      const g = Math.exp(-0.5 * x * x);
      num += g / (1 + Math.exp(-x)) ** 2;
      den += g * Math.log1p(Math.exp(x)) ** 2;
    }
    expect(kappaPrime1('softplus')).toBeCloseTo(num / den, 12);
  });

  it('ReLU-like activations without bias are exactly sparse; bias makes them low-disorder', () => {
    const rows = classifyActivations();
    const by = Object.fromEntries(rows.map((r) => [r.activation, r]));
    for (const n of ['relu', 'leaky_relu', 'abs', 'identity']) {
      expect(by[n].kappaPrime1).toBe(1);
      expect(by[n].regime).toBe('sparse');
    }
    expect(by.step.regime).toBe('high-disorder');
    expect(by.tanh.regime).toBe('high-disorder');
    expect(by.sigmoid.regime).toBe('low-disorder');
    expect(rows.map((r) => r.activation)).toHaveLength(16);
    expect(kappaPrime1('leaky_relu:0.2')).toBe(1);
    expect(theorySpectrum({ activation: 'max(x, 0.2*x)', depths: [1], lmax: 4 }).regime).toBe('sparse');
    expect(classifyActivations({ sigmaB2: 0.1 }).find((r) => r.activation === 'relu')!.regime).toBe('low-disorder');
  });
});

describe('large dimensions', () => {
  it('refuses a projection float64 cannot do (S^99, lmax 2048) and says which lmax works', () => {
    try {
      theorySpectrum({ activation: 'tanh', depths: [1], dim: 100, lmax: 2048 });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(NnspectraError);
      expect((e as NnspectraError).code).toBe('INVALID_PARAMETER');
      expect((e as Error).message).toMatch(/^lmax must be <= \d+ on S\^99, .* \(got 2048\)$/);
    }
    // identity on S^7: D_1 = 1, all else 0, within the stated floor
    const r = theorySpectrum({ activation: 'identity', depths: [1], dim: 8, lmax: 40 });
    expect(r.warnings).toEqual([]);
    r.depths[0].D.forEach((v, l) => expect(Math.abs(v - (l === 1 ? 1 : 0))).toBeLessThan(1e-11));
  });
});

describe('singular derivatives', () => {
  it('E[φ\'²] = ∞ (|x|^{1/2}) gives κ\'(1) = +∞ and a warning, never NaN', () => {
    const r = theorySpectrum({ activation: 'abs(x)^0.5', depths: [1, 3], lmax: 16 });
    expect(r.kappaPrime1).toBe(Infinity);
    expect(r.regime).toBe('high-disorder');
    expect(r.warnings.length).toBeGreaterThan(0);
    for (const d of r.depths) for (const v of d.D) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('phase diagram (raw mode)', () => {
  it('locates the known critical points: tanh σ_w² = 1 at σ_b² = 0, ReLU σ_w² = 2 with bias', () => {
    const p = phaseDiagram({ activation: 'tanh', sigmaW2: { min: 0.5, max: 3, n: 6 }, sigmaB2: [0, 0.05] });
    expect(p.critical[0].sigmaW2).toBeCloseTo(1, 8);
    // with bias the transition moves to larger σ_w²
    expect(p.critical[1].sigmaW2!).toBeGreaterThan(1);
    expect(p.regime[0][0]).toBe('low-disorder');
    expect(p.regime[0][5]).toBe('high-disorder');
    const r = phaseDiagram({ activation: 'relu', sigmaW2: { min: 0.5, max: 1.9, n: 5 }, sigmaB2: [0.1] });
    expect(r.kappaPrime1[0][2]).toBeCloseTo(1.2 / 2, 14);
    expect(rawKappaPrime1(parseActivation('relu'), 3, 0.1).kappaPrime1).toBe(1);
  });
});

describe('bad input', () => {
  const cases: [string, () => unknown][] = [
    ['depth', () => theorySpectrum({ activation: 'relu', depths: [0] })],
    ['depth', () => theorySpectrum({ activation: 'relu', depths: [201] })],
    ['depth', () => theorySpectrum({ activation: 'relu', depths: [1.5] })],
    ['depth', () => theorySpectrum({ activation: 'relu', depths: [] })],
    ['lmax', () => theorySpectrum({ activation: 'relu', depths: [1], lmax: -1 })],
    ['lmax', () => theorySpectrum({ activation: 'relu', depths: [1], lmax: 2049 })],
    ['dim', () => theorySpectrum({ activation: 'relu', depths: [1], dim: 1 })],
    ['sigma-b2', () => theorySpectrum({ activation: 'relu', depths: [1], sigmaB2: 1 })],
    ['sigma-b2', () => theorySpectrum({ activation: 'relu', depths: [1], mode: 'raw', sigmaB2: -1 })],
    ['sigma-w2', () => theorySpectrum({ activation: 'relu', depths: [1], mode: 'raw', sigmaW2: -2 })],
    ['activation', () => theorySpectrum({ activation: 'softmax', depths: [1] })],
    ['activation', () => theorySpectrum({ activation: 'tanh(x', depths: [1] })],
    ['activation', () => theorySpectrum({ activation: 'x - x', depths: [1] })],
    ['activation', () => theorySpectrum({ activation: 'exp(x^2)', depths: [1] })],
    ['activation', () => theorySpectrum({ activation: '1/x', depths: [1] })],
  ];
  it.each(cases)('%s is rejected with a typed one-line error', (param, fn) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(NnspectraError);
      expect((e as NnspectraError).code).toBe('INVALID_PARAMETER');
      expect((e as Error).message.startsWith(`${param} must be`)).toBe(true);
      expect((e as Error).message).not.toContain('\n');
      return;
    }
    throw new Error('no error thrown');
  });

  it('reports progress and honours an aborted signal', () => {
    const events: number[] = [];
    theorySpectrum({ activation: 'tanh', depths: [5], lmax: 8 }, { onProgress: (e) => events.push(e.done) });
    expect(events).toEqual([1, 2, 3, 4, 5]);
    const ac = new AbortController();
    ac.abort();
    expect(() => theorySpectrum({ activation: 'tanh', depths: [5] }, { signal: ac.signal })).toThrow(/cancelled/);
  });
});
