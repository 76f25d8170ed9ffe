/**
 * κ'(1), the variance fixed point and the three spectral regimes; the classification of every
 * built-in activation; phase diagrams over (σ_w², σ_b²) in raw mode with the critical line.
 */
import { checkInt, checkNumber, invalidParam, throwIfAborted } from '../errors.js';
import type { RunOptions } from '../progress.js';
import { BUILTIN_ACTIVATIONS, type ActivationSpec } from './activation-spec.js';
import { activationFn, activationLabel, activationParam, toActivationSpec } from './activations.js';
import { gaussianRule } from './gauss.js';
import { detectParity, kernelFamily } from './kernels.js';
import { activationMoments, resolveVariances, secondMoment, type ParamMode } from './variances.js';

/** Spectral regime by κ'(1): < 1 low-disorder (ordered), = 1 sparse (edge of chaos), > 1 high-disorder (chaotic). */
export type Regime = 'low-disorder' | 'sparse' | 'high-disorder';

/**
 * |κ'(1) - 1| at or below this is "sparse". Closed-form activations (ReLU, leaky ReLU, abs,
 * identity) give exactly 1 without bias; quadrature-based values carry ~1e-15 error, so a
 * custom positively homogeneous activation such as max(x, 0.2*x) is also classified sparse.
 */
export const SPARSE_TOLERANCE = 1e-12;

/** Regime of a slope κ'(1) (+∞ is high-disorder). */
export function regimeOf(kappaPrime1: number): Regime {
  if (!(kappaPrime1 < Infinity)) return 'high-disorder';
  if (Math.abs(kappaPrime1 - 1) <= SPARSE_TOLERANCE) return 'sparse';
  return kappaPrime1 < 1 ? 'low-disorder' : 'high-disorder';
}

/** Variance fixed point q* = σ_w² E[φ(√q* Z)²] + σ_b² reached from q_1 = σ_w² + σ_b², or 0 / +∞. */
export function varianceFixedPoint(m2: (q: number) => number, sw2: number, sb2: number, rtol = 1e-15): number {
  const g = (q: number) => sw2 * m2(q) + sb2 - q;
  const q1 = sw2 + sb2;
  const g1 = g(q1);
  if (g1 === 0) return q1;
  let lo: number;
  let hi: number;
  if (g1 > 0) {
    lo = q1;
    hi = 2 * q1;
    while (g(hi) > 0) {
      lo = hi;
      hi *= 2;
      if (hi > 1e250) return Infinity;
    }
  } else {
    hi = q1;
    lo = q1 / 2;
    while (g(lo) < 0) {
      hi = lo;
      lo /= 2;
      if (lo < 1e-250) return 0;
    }
  }
  return brent(g, lo, hi, rtol);
}

/** Brent's root finder on a bracket [a, b] with g(a), g(b) of opposite signs (or zero). */
export function brent(g: (x: number) => number, a: number, b: number, rtol: number): number {
  let fa = g(a);
  let fb = g(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 0; it < 200; it++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + rtol * Math.abs(b) + 1e-300;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let qq: number;
      if (a === c) {
        p = 2 * m * s;
        qq = 1 - s;
      } else {
        const q0 = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * q0 * (q0 - r) - (b - a) * (r - 1));
        qq = (q0 - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) qq = -qq;
      else p = -p;
      if (2 * p < Math.min(3 * m * qq - Math.abs(tol * qq), Math.abs(e * qq))) {
        e = d;
        d = p / qq;
      } else {
        d = m;
        e = d;
      }
    } else {
      d = m;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = g(b);
  }
  return b;
}

/** Fast moments for repeated fixed-point solves (phase diagrams): closed forms or the Gaussian rule. */
function momentFns(spec: ActivationSpec): { m2: (q: number) => number; d2: (q: number) => number } {
  const closed = spec.kind === 'builtin' && ['relu', 'leaky_relu', 'abs', 'identity', 'step', 'relu_pow', 'erf', 'sin', 'cos', 'gaussian'].includes(spec.name);
  if (closed) return { m2: (q) => activationMoments(spec, q).m2, d2: (q) => activationMoments(spec, q).d2 };
  const { phi, dphi } = activationFn(spec);
  const rule = gaussianRule();
  // φ odd or even ⇒ φ² and φ'² even: the symmetric rule's positive half, doubled, is exact
  const half = detectParity(phi) !== 0;
  const idx: number[] = [];
  for (let i = 0; i < rule.x.length; i++) if (!half || rule.x[i] > 0) idx.push(i);
  const x = Float64Array.from(idx, (i) => rule.x[i]);
  const w = Float64Array.from(idx, (i) => (half ? 2 : 1) * rule.w[i]);
  const m2 = (q: number) => {
    const s = Math.sqrt(q);
    let acc = 0;
    for (let i = 0; i < x.length; i++) {
      const v = phi(s * x[i]);
      acc += w[i] * v * v;
    }
    return acc;
  };
  const d2 = (q: number) => {
    const s = Math.sqrt(q);
    let acc = 0;
    for (let i = 0; i < x.length; i++) {
      const v = dphi(s * x[i]);
      acc += w[i] * v * v;
    }
    return acc;
  };
  return { m2, d2 };
}

/**
 * κ'(1) in raw mode: χ₁ = σ_w² E[φ'(√q* Z)²] at the variance fixed point q*. Positively
 * homogeneous activations (ReLU family, relu_pow) have a correlation map that does not
 * depend on q, so when q* is 0 or +∞ (no bias, or exploding variance) their slope is the
 * normalized one, E[φ'²]/E[φ²]; otherwise q* = 0 gives σ_w² φ'(0)² and q* = ∞ the limit of
 * the layer-wise slope σ_w² q E[φ'(√q Z)²] / (σ_w² E[φ(√q Z)²] + σ_b²).
 */
export function rawKappaPrime1(spec: ActivationSpec, sw2: number, sb2: number): { kappaPrime1: number; qStar: number } {
  return chi1(kernelFamily(spec).homogeneousDegree, momentFns(spec), sw2, sb2);
}

function chi1(
  degree: number | null,
  mf: { m2: (q: number) => number; d2: (q: number) => number },
  sw2: number,
  sb2: number,
  rtol = 1e-15,
): { kappaPrime1: number; qStar: number } {
  const { m2, d2 } = mf;
  const qStar = varianceFixedPoint(m2, sw2, sb2, rtol);
  if (degree === 0) return { kappaPrime1: Infinity, qStar };
  if (qStar > 0 && qStar < Infinity) return { kappaPrime1: sw2 * d2(qStar), qStar };
  if (degree !== null) return { kappaPrime1: d2(1) / m2(1), qStar };
  if (qStar === 0) return { kappaPrime1: sw2 * d2(1e-300), qStar };
  const q = 1e200;
  return { kappaPrime1: (sw2 * q * d2(q)) / (sw2 * m2(q) + sb2), qStar };
}

/** κ'(1) of an activation in either mode (normalized: (1 - σ_b²) E[φ'(Z)²] / E[φ(Z)²]). */
export function kappaPrime1(
  activation: string | ActivationSpec,
  opts: { mode?: ParamMode; sigmaW2?: number; sigmaB2?: number } = {},
): number {
  const spec = toActivationSpec(activation);
  const v = resolveVariances(spec, opts);
  if (v.mode === 'raw') return rawKappaPrime1(spec, v.sigmaW2, v.sigmaB2).kappaPrime1;
  const m = activationMoments(spec, 1);
  return (1 - v.sigmaB2) * (m.d2 / m.m2);
}

export interface Classification {
  /** Built-in name. */
  activation: string;
  /** The parameter used (leaky_relu slope 0.01, elu alpha 1, relu_pow power 2), if any. */
  param?: number;
  /** +∞ for the step function (JSON: null). */
  kappaPrime1: number;
  regime: Regime;
}

/** κ'(1) and regime of every built-in activation (default parameters), normalized mode. */
export function classifyActivations(opts: { sigmaB2?: number } = {}): Classification[] {
  checkNumber('sigma-b2', opts.sigmaB2 ?? 0, 0, 1, { hiOpen: true });
  return BUILTIN_ACTIVATIONS.map((name) => {
    const spec: ActivationSpec = { kind: 'builtin', name };
    const kp = kappaPrime1(spec, { sigmaB2: opts.sigmaB2 });
    const param = activationParam(spec);
    return { activation: name, ...(param === undefined ? {} : { param }), kappaPrime1: kp, regime: regimeOf(kp) };
  });
}

/** The offspring law β_q of the normalized map (1 - σ_b²) κ̂(ρ) + σ_b² = Σ β_q ρ^q. */
export interface HermiteCoefficients {
  activation: string;
  sigmaB2: number;
  /** β_0..β_{count-1}. */
  beta: number[];
  /** Σ of the listed β (1 minus the mass beyond them). */
  sum: number;
  /** Σ q β_q over the listed β (→ κ'(1) as count grows). */
  mean: number;
}

/**
 * First `count` (default 64) offspring probabilities β_q = (1 - σ_b²) a_q² / E[φ²] (+ σ_b² at
 * q = 0), a_q = E[φ(Z) He_q(Z)]/√q!, by panel Gauss–Legendre quadrature (kinks at integers
 * cost no accuracy).
 */
export function hermiteCoefficients(activation: string | ActivationSpec, opts: { count?: number; sigmaB2?: number } = {}): HermiteCoefficients {
  const spec = toActivationSpec(activation);
  const count = checkInt('count', opts.count ?? 64, 1, 256);
  const sb2 = checkNumber('sigma-b2', opts.sigmaB2 ?? 0, 0, 1, { hiOpen: true });
  const m2 = secondMoment(spec);
  const { phi } = activationFn(spec);
  const { x, w } = gaussianRule();
  const a = new Float64Array(count);
  for (let i = 0; i < x.length; i++) {
    const c = w[i] * phi(x[i]);
    let hm = 0;
    let hk = 1;
    a[0] += c;
    for (let k = 1; k < count; k++) {
      const hn = (x[i] * hk - Math.sqrt(k - 1) * hm) / Math.sqrt(k);
      hm = hk;
      hk = hn;
      a[k] += c * hk;
    }
  }
  const beta = Array.from(a, (v, k) => (1 - sb2) * (v * v) / m2 + (k === 0 ? sb2 : 0));
  let sum = 0;
  let mean = 0;
  beta.forEach((b, k) => {
    sum += b;
    mean += k * b;
  });
  return { activation: activationLabel(spec), sigmaB2: sb2, beta, sum, mean };
}

/** Grid axis: explicit values or an inclusive linear range. */
export type Axis = number[] | { min: number; max: number; n: number };

function axisValues(name: string, ax: Axis, lo: number, loOpen: boolean): number[] {
  const vals = Array.isArray(ax)
    ? ax
    : (() => {
        checkInt(`${name}.n`, ax.n, 1, 4096);
        checkNumber(`${name}.min`, ax.min, lo, 1e6, { loOpen });
        checkNumber(`${name}.max`, ax.max, ax.min, 1e6);
        return Array.from({ length: ax.n }, (_, i) => (ax.n === 1 ? ax.min : ax.min + ((ax.max - ax.min) * i) / (ax.n - 1)));
      })();
  if (vals.length === 0) invalidParam(name, 'a non-empty list of variances');
  for (const v of vals) checkNumber(name, v, lo, 1e6, { loOpen });
  return vals;
}

export interface PhaseDiagram {
  activation: string;
  sigmaW2: number[];
  sigmaB2: number[];
  /** kappaPrime1[i][j] at (sigmaB2[i], sigmaW2[j]); +∞ possible (JSON null). */
  kappaPrime1: number[][];
  regime: Regime[][];
  /** Variance fixed point q* (0 or +∞ when the variance vanishes or explodes). */
  qStar: number[][];
  /** Per σ_b²: the σ_w² where κ'(1) = 1 inside the grid's σ_w² range, or null if none. */
  critical: { sigmaB2: number; sigmaW2: number | null }[];
}

/**
 * κ'(1) (raw mode, χ₁ at the variance fixed point) and regime on a (σ_w², σ_b²) grid, with the
 * critical line κ'(1) = 1 located per σ_b² by Brent's method between grid columns.
 */
export function phaseDiagram(
  params: { activation: string | ActivationSpec; sigmaW2?: Axis; sigmaB2?: Axis },
  opts: RunOptions = {},
): PhaseDiagram {
  const spec = toActivationSpec(params.activation);
  secondMoment(spec);
  const sws = axisValues('sigma-w2', params.sigmaW2 ?? { min: 0.05, max: 4, n: 64 }, 0, true);
  const sbs = axisValues('sigma-b2', params.sigmaB2 ?? { min: 0, max: 1, n: 64 }, 0, false);
  const kp: number[][] = [];
  const reg: Regime[][] = [];
  const qs: number[][] = [];
  const critical: { sigmaB2: number; sigmaW2: number | null }[] = [];
  const degree = kernelFamily(spec).homogeneousDegree;
  const mf = momentFns(spec);
  // 1e-12 on q* gives κ'(1) to ~1e-12, plenty for a map; the critical line is refined at 1e-15
  const at = (sw: number, sb: number, rtol = 1e-12) => chi1(degree, mf, sw, sb, rtol);
  for (let i = 0; i < sbs.length; i++) {
    throwIfAborted(opts.signal);
    const row = sws.map((sw) => at(sw, sbs[i]));
    kp.push(row.map((r) => r.kappaPrime1));
    qs.push(row.map((r) => r.qStar));
    reg.push(row.map((r) => regimeOf(r.kappaPrime1)));
    let crit: number | null = null;
    for (let j = 0; j + 1 < sws.length && crit === null; j++) {
      const a = kp[i][j] - 1;
      const b = kp[i][j + 1] - 1;
      if (Math.abs(a) <= SPARSE_TOLERANCE) crit = sws[j];
      else if (j + 2 === sws.length && Math.abs(b) <= SPARSE_TOLERANCE) crit = sws[j + 1];
      else if (a < 0 && b >= 0 && Number.isFinite(b)) {
        crit = brent((sw) => at(sw, sbs[i], 1e-15).kappaPrime1 - 1, sws[j], sws[j + 1], 1e-12);
      }
    }
    critical.push({ sigmaB2: sbs[i], sigmaW2: crit });
    opts.onProgress?.({ phase: 'phase diagram', done: i + 1, total: sbs.length });
  }
  return { activation: activationLabel(spec), sigmaW2: sws, sigmaB2: sbs, kappaPrime1: kp, regime: reg, qStar: qs, critical };
}
