/**
 * The normalized layer map κ_q(ρ) = E[φ(√q u) φ(√q v)] / E[φ(√q Z)²], corr(u, v) = ρ, for every
 * activation: closed forms where they exist (ReLU family, step, erf, sin, cos, Gaussian), the
 * Hermite series for smooth activations, polar quadrature tabulated in θ otherwise.
 *
 * Every map also gives the complement comp(w) = 1 - κ(1 - w) to full relative precision for
 * small w: deep in the high-disorder regime the kernel is resolved at angles where 1 - t is
 * far below the float64 spacing near 1, so the recursion carries 1 - ρ (and 1 + ρ) itself.
 */
import { NnspectraError } from '../errors.js';
import type { ActivationSpec } from './activation-spec.js';
import { activationFn, activationLabel, activationParam } from './activations.js';
import { hermiteExpansion } from './hermite.js';
import { chebyshevEval, chebyshevFit, polarExpectation } from './polar.js';
import { gaussLegendre } from '../sphere/quadrature.js';
import { activationMoments } from './variances.js';

/** Parity of φ: +1 even, -1 odd, 0 neither. Decides whether ρ = -1 maps to ±1. */
export type Parity = 1 | -1 | 0;

/** The normalized layer map at one input variance, with its accurate complement near ρ = 1. */
export interface CorrelationMap {
  parity: Parity;
  /** κ(ρ) for ρ in [-1, 1]. */
  kappa(rho: number): number;
  /** 1 - κ(1 - w) for w in [0, 2], accurate in relative terms as w → 0. */
  comp(w: number): number;
  /** How the map is computed: 'closed-form' | 'hermite' | 'polar'. */
  method: string;
  /** Estimated uniform error of κ (0 for closed forms). */
  error: number;
}

/** A map per input variance q (homogeneous activations share one). */
export interface KernelFamily {
  at(q: number): CorrelationMap;
  /** Degree of positive homogeneity (relu 1, relu_pow p, step 0), or null. */
  homogeneousDegree: number | null;
}

const acos1m = (w: number): number => 2 * Math.asin(Math.sqrt(Math.min(2, Math.max(0, w)) / 2));
const clampRho = (r: number): number => (r > 1 ? 1 : r < -1 ? -1 : r);

/** sin θ - θ cos θ without cancellation for small θ. */
function sinMinusThetaCos(t: number): number {
  if (t > 0.6) return Math.sin(t) - t * Math.cos(t);
  const t2 = t * t;
  let term = (t2 * t) / 3;
  let sum = term;
  for (let k = 1; k < 30; k++) {
    term *= -t2 / (2 * k * (2 * k + 3));
    sum += term;
    if (Math.abs(term) < 1e-18 * sum) break;
  }
  return sum;
}

/** Leaky ReLU with slope a (a = 0 ReLU, a = -1 abs, a = 1 identity); q-independent. */
function leakyMap(a: number): CorrelationMap {
  const j = (rho: number): number => {
    const r = clampRho(rho);
    const th = Math.acos(r);
    return (Math.sin(th) + (Math.PI - th) * r) / Math.PI;
  };
  const n = 1 + a * a;
  const mix = (1 - a) * (1 - a) / (n * Math.PI);
  return {
    parity: a === 1 ? -1 : a === -1 ? 1 : 0,
    method: 'closed-form',
    error: 0,
    kappa: a === 0 ? j : (rho) => (n * j(rho) - 2 * a * j(-rho)) / n,
    comp: (w) => w - mix * sinMinusThetaCos(acos1m(w)),
  };
}

const stepMap: CorrelationMap = {
  parity: 0,
  method: 'closed-form',
  error: 0,
  kappa: (rho) => 1 - Math.acos(clampRho(rho)) / Math.PI,
  comp: (w) => acos1m(w) / Math.PI,
};

function erfMap(q: number): CorrelationMap {
  const s = (2 * q) / (1 + 2 * q);
  const as = Math.asin(s);
  return {
    parity: -1,
    method: 'closed-form',
    error: 0,
    kappa: (rho) => Math.asin(s * clampRho(rho)) / as,
    comp: (w) => {
      // asin(a) - asin(b) with a² - b² factored, a = s, b = s(1 - w)
      const b = s * (1 - w);
      const ca = Math.sqrt(1 - s * s);
      const cb = Math.sqrt(1 - b * b);
      const num = (s * s * w * (2 - w)) / (s * cb + b * ca);
      return Math.atan2(num, ca * cb + s * b) / as;
    },
  };
}

function sinMap(q: number): CorrelationMap {
  const den = -Math.expm1(-2 * q);
  const e2 = Math.exp(-2 * q);
  return {
    parity: -1,
    method: 'closed-form',
    error: 0,
    kappa: (rho) => (Math.exp(-q * (1 - rho)) - Math.exp(-q * (1 + rho))) / den,
    comp: (w) => (-Math.expm1(-q * w) + e2 * Math.expm1(q * w)) / den,
  };
}

function cosMap(q: number): CorrelationMap {
  const e2 = Math.exp(-2 * q);
  const den = 1 + e2;
  return {
    parity: 1,
    method: 'closed-form',
    error: 0,
    kappa: (rho) => (Math.exp(-q * (1 - rho)) + Math.exp(-q * (1 + rho))) / den,
    comp: (w) => (-Math.expm1(-q * w) - e2 * Math.expm1(q * w)) / den,
  };
}

function gaussianMap(q: number): CorrelationMap {
  const a = 1 + 2 * q;
  const d1 = 1 + 4 * q;
  const sd1 = Math.sqrt(d1);
  return {
    parity: 1,
    method: 'closed-form',
    error: 0,
    kappa: (rho) => sd1 / Math.sqrt(a * a - 4 * q * q * rho * rho),
    comp: (w) => {
      const r = 1 - w;
      const sd = Math.sqrt(a * a - 4 * q * q * r * r);
      return (4 * q * q * w * (2 - w)) / (sd * (sd + sd1));
    },
  };
}

/** Parity of φ on a grid (exact zero tolerance up to rounding). */
export function detectParity(phi: (x: number) => number): Parity {
  let odd = true;
  let even = true;
  let scale = 0;
  for (let x = 0.013; x < 12; x += 0.0917) scale = Math.max(scale, Math.abs(phi(x)), Math.abs(phi(-x)));
  const tol = 1e-14 * scale;
  for (let x = 0.013; x < 12; x += 0.0917) {
    const p = phi(x);
    const m = phi(-x);
    if (Math.abs(p + m) > tol) odd = false;
    if (Math.abs(p - m) > tol) even = false;
  }
  return odd ? -1 : even ? 1 : 0;
}

const HERMITE_MAX = 480;

/**
 * Hermite-series map if the expansion of φ(√q ·) converges to double precision within
 * HERMITE_MAX terms (checked: Σβ = 1 and Σkβ = κ'(1) against independent Gaussian
 * quadratures), else null.
 */
function hermiteMap(spec: ActivationSpec, q: number): CorrelationMap | null {
  // φ(√q x) with q ≫ 1 is nearly a step for saturating activations: the series cannot converge
  // in HERMITE_MAX terms and the grid would be needlessly fine
  if (q > 900) return null;
  const { phi } = activationFn(spec);
  const ex = hermiteExpansion(phi, q, HERMITE_MAX);
  if (!Number.isFinite(ex.m2) || !(ex.m2 > 0)) return null;
  const mom = activationMoments(spec, q);
  if (!(Math.abs(ex.m2 - mom.m2) <= 1e-13 * mom.m2)) return null;
  const beta = new Float64Array(HERMITE_MAX);
  let sum = 0;
  let last = 0;
  for (let k = 0; k < HERMITE_MAX; k++) {
    beta[k] = (ex.a[k] * ex.a[k]) / mom.m2;
    sum += beta[k];
    if (beta[k] > 1e-19) last = k;
  }
  if (last > HERMITE_MAX - 40) return null;
  const Q = last + 1;
  let slope = 0;
  for (let k = 1; k < Q; k++) slope += k * beta[k];
  const kp = (q * mom.d2) / mom.m2;
  if (!(Math.abs(sum - 1) <= 1e-13) || !(Math.abs(slope - kp) <= 1e-11 * Math.max(1, kp))) return null;
  const b = beta.subarray(0, Q);
  // comp(w) = w Σ_j B_j (1-w)^j with tail sums B_j = Σ_{k>j} β_k: all terms positive.
  const B = new Float64Array(Q);
  let acc = 0;
  for (let k = Q - 1; k >= 1; k--) {
    acc += b[k];
    B[k - 1] = acc;
  }
  const parity = detectParity(phi);
  const kappa =
    parity === 0
      ? (rho: number) => {
          let s = 0;
          for (let k = Q - 1; k >= 0; k--) s = s * rho + b[k];
          return s;
        }
      : (rho: number) => {
          const r2 = rho * rho;
          let s = 0;
          const start = parity === -1 ? 1 : 0;
          let top = Q - 1;
          if ((top - start) % 2 !== 0) top--;
          for (let k = top; k >= start; k -= 2) s = s * r2 + b[k];
          return parity === -1 ? s * rho : s;
        };
  return {
    parity,
    method: 'hermite',
    error: Math.abs(sum - 1) + 1e-16 * Q,
    kappa,
    comp: (w) => {
      const r = 1 - w;
      let s = 0;
      for (let j = Q - 2; j >= 0; j--) s = s * r + B[j];
      return w * s;
    },
  };
}

const COMP_POINTS = gaussLegendre(12);

interface PolarTables {
  ck: Float64Array;
  cd: Float64Array;
  err: number;
}

const tailOf = (c: Float64Array) => Math.max(Math.abs(c[c.length - 1]), Math.abs(c[c.length - 2]), Math.abs(c[c.length - 3]));

/** Chebyshev tables in θ of κ_q and κ_q' (Price's theorem: κ' is the kernel of φ') by polar quadrature. */
function polarTables(spec: ActivationSpec, q: number): PolarTables {
  const { phi, dphi } = activationFn(spec);
  const s = Math.sqrt(q);
  const f = (x: number) => phi(s * x);
  const g = (x: number) => s * dphi(s * x);
  const m2 = polarExpectation(f, f, 0);
  if (!(m2 > 0) || !Number.isFinite(m2)) {
    throw new NnspectraError('NUMERICAL', `activation ${activationLabel(spec)}: E[φ(√q Z)²] is not finite and positive at q = ${q}`);
  }
  // Chebyshev coefficients reach the quadrature's noise floor (~1e-15) by M = 32 for the
  // built-ins; larger M only for expressions with kinks away from 0 or steep features.
  let ck: Float64Array = new Float64Array(0);
  let cd: Float64Array = new Float64Array(0);
  for (const M of [32, 64, 128]) {
    ck = chebyshevFit((t) => polarExpectation(f, f, t) / m2, M);
    cd = chebyshevFit((t) => polarExpectation(g, g, t) / m2, M);
    if (tailOf(ck) < 1e-14 && tailOf(cd) < 1e-12) break;
  }
  return { ck, cd, err: tailOf(ck) * 10 + 1e-15 };
}

function mapFromTables(t: PolarTables, parity: Parity): CorrelationMap {
  const { ck, cd } = t;
  return {
    parity,
    method: 'polar',
    error: t.err,
    kappa: (rho) => chebyshevEval(ck, Math.acos(clampRho(rho))),
    comp: (w) => {
      const tw = acos1m(w);
      if (w > 0.25) return 1 - chebyshevEval(ck, tw);
      // 1 - κ(cos θ_w) = ∫_0^{θ_w} κ'(cos θ) sin θ dθ
      let acc = 0;
      const h = 0.5 * tw;
      for (let i = 0; i < COMP_POINTS.x.length; i++) {
        const th = h * (1 + COMP_POINTS.x[i]);
        acc += COMP_POINTS.w[i] * chebyshevEval(cd, th) * Math.sin(th);
      }
      return acc * h;
    },
  };
}

/** Polar-quadrature map tabulated in θ. */
function polarMap(spec: ActivationSpec, q: number): CorrelationMap {
  return mapFromTables(polarTables(spec, q), detectParity(activationFn(spec).phi));
}

/**
 * Polar maps for every q in [qMin, qMax] from tables at 12 (or 24) Chebyshev nodes in log q,
 * interpolated coefficient-wise (κ_q is analytic in log q). Raw mode with a non-smooth,
 * non-homogeneous activation (ELU) then costs a dozen tabulations instead of one per layer.
 * The interpolation error is measured against a direct tabulation between two nodes.
 */
export function interpolatedPolarFamily(spec: ActivationSpec, qMin: number, qMax: number): (q: number) => CorrelationMap {
  const parity = detectParity(activationFn(spec).phi);
  const a = Math.log(qMin);
  const b = Math.log(qMax);
  const build = (n: number) => {
    const u = Array.from({ length: n }, (_, j) => 0.5 * (a + b) + 0.5 * (b - a) * Math.cos(((2 * j + 1) * Math.PI) / (2 * n)));
    const bw = Array.from({ length: n }, (_, j) => (j % 2 ? -1 : 1) * Math.sin(((2 * j + 1) * Math.PI) / (2 * n)));
    const tabs = u.map((uj) => polarTables(spec, Math.exp(uj)));
    const len = (k: 'ck' | 'cd') => Math.max(...tabs.map((t) => t[k].length));
    const Lk = len('ck');
    const Ld = len('cd');
    const interp = (q: number): PolarTables => {
      const x = Math.log(q);
      const ck = new Float64Array(Lk);
      const cd = new Float64Array(Ld);
      const hit = u.findIndex((uj) => uj === x);
      if (hit >= 0) return tabs[hit];
      let den = 0;
      for (let j = 0; j < n; j++) {
        const c = bw[j] / (x - u[j]);
        den += c;
        const t = tabs[j];
        for (let i = 0; i < t.ck.length; i++) ck[i] += c * t.ck[i];
        for (let i = 0; i < t.cd.length; i++) cd[i] += c * t.cd[i];
      }
      for (let i = 0; i < Lk; i++) ck[i] /= den;
      for (let i = 0; i < Ld; i++) cd[i] /= den;
      return { ck, cd, err: Math.max(...tabs.map((t) => t.err)) };
    };
    // measured error between the two central nodes
    const mid = Math.exp(0.5 * (u[Math.floor(n / 2) - 1] + u[Math.floor(n / 2)]));
    const direct = polarTables(spec, mid);
    const approx = interp(mid);
    let e = 0;
    for (let i = 0; i < Math.max(direct.ck.length, approx.ck.length); i++) e += Math.abs((direct.ck[i] ?? 0) - (approx.ck[i] ?? 0));
    return { interp, e };
  };
  let { interp, e } = build(12);
  if (e > 1e-13 && b - a > 1e-9) ({ interp, e } = build(24));
  return (q) => {
    const t = interp(Math.min(qMax, Math.max(qMin, q)));
    return mapFromTables({ ...t, err: Math.max(t.err, 10 * e) }, parity);
  };
}

/** The layer-map family of an activation. */
export function kernelFamily(spec: ActivationSpec): KernelFamily {
  if (spec.kind === 'builtin') {
    const a = activationParam(spec) ?? 0;
    switch (spec.name) {
      case 'relu':
        return { at: constant(leakyMap(0)), homogeneousDegree: 1 };
      case 'leaky_relu':
        return { at: constant(leakyMap(a)), homogeneousDegree: 1 };
      case 'abs':
        return { at: constant(leakyMap(-1)), homogeneousDegree: 1 };
      case 'identity':
        return { at: constant(leakyMap(1)), homogeneousDegree: 1 };
      case 'step':
        return { at: constant(stepMap), homogeneousDegree: 0 };
      case 'erf':
        return { at: cached(erfMap), homogeneousDegree: null };
      case 'sin':
        return { at: cached(sinMap), homogeneousDegree: null };
      case 'cos':
        return { at: cached(cosMap), homogeneousDegree: null };
      case 'gaussian':
        return { at: cached(gaussianMap), homogeneousDegree: null };
      case 'relu_pow': {
        if (a === 1) return { at: constant(leakyMap(0)), homogeneousDegree: 1 };
        let m: CorrelationMap | null = null;
        return { at: () => (m ??= polarMap(spec, 1)), homogeneousDegree: a };
      }
      default:
        break;
    }
  }
  return { at: cached((q) => hermiteMap(spec, q) ?? polarMap(spec, q)), homogeneousDegree: null };
}

function constant(m: CorrelationMap): (q: number) => CorrelationMap {
  return () => m;
}

function cached(make: (q: number) => CorrelationMap): (q: number) => CorrelationMap {
  const cache = new Map<number, CorrelationMap>();
  return (q) => {
    let m = cache.get(q);
    if (!m) {
      m = make(q);
      if (cache.size > 512) cache.clear();
      cache.set(q, m);
    }
    return m;
  };
}
