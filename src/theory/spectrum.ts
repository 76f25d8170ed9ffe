/**
 * The infinite-width angular power spectrum: kernel recursion K_1 → K_{L+1} on a quadrature
 * rule in θ (t = cos θ), then Gegenbauer projection D_ℓ = N(d,ℓ) ∫ κ_L(t) G_ℓ(t) dμ(t).
 *
 * Plan → kernels → results:
 *  1. variances per layer (q_l, the affine coefficients of the correlation recursion);
 *  2. a composite Gauss–Legendre rule in θ: panels of width ≈ 48/(lmax+16) with 48 nodes
 *     (resolves G_ℓ for ℓ ≤ lmax), plus panels graded geometrically (ratio 2, 24 nodes) toward
 *     θ = 0 and θ = π down to 1e-3 of the expected peak width √(2/κ_L'(1)), so kernels sharply
 *     peaked at t = ±1 (deep high-disorder regime) are integrated accurately;
 *  3. the correlation recursion at every node, carrying 1 - ρ and 1 + ρ to full relative
 *     precision (ρ = 1 - 1e-30 is representable as 1 - ρ = 1e-30);
 *  4. the projection by the Gegenbauer recurrence, all recorded depths in one pass.
 */
import { checkInt, invalidParam, NnspectraError, throwIfAborted } from '../errors.js';
import type { RunOptions } from '../progress.js';
import { compositeGaussLegendre } from '../sphere/quadrature.js';
import { gegenbauerAllFast, gegenbauerRecurrence, harmonicDimension, projectionConstant, sphereArea } from '../sphere/gegenbauer.js';
import type { ActivationSpec } from './activation-spec.js';
import { activationLabel, toActivationSpec } from './activations.js';
import { interpolatedPolarFamily, kernelFamily, type CorrelationMap } from './kernels.js';
import { rawKappaPrime1, regimeOf, type Regime } from './regimes.js';
import { activationMoments, resolveVariances, type ParamMode } from './variances.js';

/** Largest depth (hidden layers) accepted. */
export const MAX_DEPTH = 200;
/** Largest multipole accepted. */
export const MAX_LMAX = 2048;
/** Largest ambient dimension d accepted (inputs on S^{d-1}). */
export const MAX_DIM = 100;

/** Parameters of {@link theorySpectrum}; depths are deduplicated and sorted. */
export interface TheoryParams {
  /** Built-in name (`relu`, `leaky_relu:0.2`, ...), expression in x, or a spec. */
  activation: string | ActivationSpec;
  /** Depths L (hidden layers) in 1..200. */
  depths: number[];
  /** Ambient dimension d (inputs on S^{d-1}); default 3. */
  dim?: number;
  /** Highest multipole; default 64, at most 2048. */
  lmax?: number;
  /** 'normalized' (default) or 'raw'. */
  mode?: ParamMode;
  /** Raw mode only: hidden weight variance × width (default 1). */
  sigmaW2?: number;
  /** Bias variance (normalized mode: in [0, 1); default 0). */
  sigmaB2?: number;
}

/** The spectrum at one depth. */
export interface DepthSpectrum {
  depth: number;
  /** D_ℓ = b_ℓ / K(1), ℓ = 0..lmax: the law of the multipole X_L. */
  D: number[];
  /** C_ℓ = |S^{d-1}| b_ℓ / N(d, ℓ): the angular power spectrum. */
  C: number[];
  /** 1 - Σ_{ℓ≤lmax} D_ℓ: mass beyond the band. */
  tailMass: number;
  /** Σ_{ℓ≤lmax} ℓ D_ℓ (the band part of E[X]). */
  meanX: number;
  /** Σ_{ℓ≤lmax} ℓ(ℓ+d-2) D_ℓ (the band part of E[X(X+d-2)]). */
  sobolev: number;
  /** E[X(X+d-2)] of the full series, (d-1) K'(1)/K(1) (+∞ for the step function). */
  sobolevFull: number;
  /** K_{L+1}(1), the field's variance (1 in normalized mode). */
  variance: number;
}

/** Result of {@link theorySpectrum}: the fields of `nnspectra theory --json`. */
export interface TheoryResult {
  activation: string;
  dim: number;
  lmax: number;
  mode: ParamMode;
  sigmaW2: number;
  sigmaB2: number;
  /** Slope of the normalized correlation map at 1 (+∞ for step; JSON null). */
  kappaPrime1: number;
  regime: Regime;
  /** Variance fixed point q* = σ_w² E[φ(√q* Z)²] + σ_b² (1 in normalized mode; 0 or +∞ when it vanishes or explodes). */
  qStar: number;
  depths: DepthSpectrum[];
  /** How the layer map was evaluated: 'closed-form' | 'hermite' | 'polar'. */
  method: string;
  /** Number of quadrature nodes in θ. */
  nodes: number;
  /**
   * Absolute bound on the floating-point rounding error of every D_ℓ, 4 ε √(N(d, lmax) · nodes)
   * (ε = 2⁻⁵², the projection's rounding grows like √(N(d, ℓ) · nodes)). Rounding-level negative
   * D_ℓ (never below -roundoff) are returned as 0, so D_ℓ ≥ 0 always.
   */
  roundoff: number;
  /** Anything that limits the stated accuracy (empty when none). */
  warnings: string[];
}

function parseDepths(depths: number[]): number[] {
  if (!Array.isArray(depths) || depths.length === 0) invalidParam('depth', `a non-empty list of integers in [1, ${MAX_DEPTH}]`, depths);
  for (const d of depths) checkInt('depth', d, 1, MAX_DEPTH);
  return [...new Set(depths)].sort((a, b) => a - b);
}

interface LayerPlan {
  /** q_l = K_l(1), l = 1..L+1 (index l). */
  q: Float64Array;
  /** 1 - ρ_{l+1} = a_l (1 - κ), 1 + ρ_{l+1} = c_l + a_l (1 + κ). */
  a: Float64Array;
  c: Float64Array;
  /** Slope of ρ_{l+1} in ρ_l at 1. */
  slope: Float64Array;
  /** maps[l - 1] maps layer l to layer l + 1. */
  maps: CorrelationMap[];
  w1: number;
  c1: number;
}

function planLayers(spec: ActivationSpec, L: number, mode: ParamMode, sIn: number, sw2: number, sb2: number, opts: RunOptions): LayerPlan {
  const fam = kernelFamily(spec);
  const q = new Float64Array(L + 2);
  const a = new Float64Array(L + 1);
  const c = new Float64Array(L + 1);
  const slope = new Float64Array(L + 1);
  // maps[l - 1] maps layer l to layer l + 1
  const maps: CorrelationMap[] = [];
  if (mode === 'normalized') {
    const m = activationMoments(spec, 1);
    const map = fam.at(1);
    for (let l = 1; l <= L + 1; l++) q[l] = 1;
    for (let l = 1; l <= L; l++) {
      a[l] = 1 - sb2;
      c[l] = 2 * sb2;
      slope[l] = (1 - sb2) * (m.d2 / m.m2);
      maps.push(map);
    }
  } else {
    q[1] = sIn + sb2;
    for (let l = 1; l <= L; l++) {
      const m = activationMoments(spec, q[l]);
      const e = sw2 * m.m2;
      q[l + 1] = e + sb2;
      if (!(q[l + 1] > 1e-280 && q[l + 1] < 1e280)) {
        throw new NnspectraError(
          'NUMERICAL',
          `the layer variance K_${l + 1}(1) = ${q[l + 1]} leaves the float64 range at depth ${l}: lower the depth or change sigma-w2/sigma-b2`,
        );
      }
      a[l] = e / q[l + 1];
      c[l] = (2 * sb2) / q[l + 1];
      slope[l] = (sw2 * q[l] * m.d2) / q[l + 1];
    }
    // one map per distinct variance; the variance converges geometrically, and once it moves by
    // < 1e-13 the previous map is exact to ~1e-13
    let at = (qq: number) => fam.at(qq);
    const distinct: number[] = [];
    for (let l = 1; l <= L; l++) if (!distinct.length || Math.abs(q[l] - distinct[distinct.length - 1]) > 1e-13 * q[l]) distinct.push(q[l]);
    if (fam.homogeneousDegree !== null) at = () => fam.at(1);
    else if (distinct.length > 13 && fam.at(q[1]).method === 'polar') {
      // polar tabulations cost ~0.1 s each: interpolate them in log q instead of one per layer
      const lo = Math.min(...distinct);
      const hi = Math.max(...distinct);
      const fn = interpolatedPolarFamily(spec, lo, hi);
      at = fn;
    }
    let qMap = NaN;
    for (let l = 1; l <= L; l++) {
      const prev = maps.length ? maps[maps.length - 1] : null;
      if (prev && Math.abs(q[l] - qMap) <= 1e-13 * q[l]) maps.push(prev);
      else {
        throwIfAborted(opts.signal);
        maps.push(at(q[l]));
        qMap = q[l];
        opts.onProgress?.({ phase: 'layer maps', done: l, total: L });
      }
    }
  }
  return { q, a, c, slope, maps, w1: sIn / q[1], c1: (2 * sb2) / q[1] };
}

/** Quadrature nodes θ_i and weights W_i (c_d sin^{d-2}θ included). */
function thetaRule(d: number, lmax: number, thetaMin: number): { theta: Float64Array; W: Float64Array } {
  const h = Math.min(Math.PI / 6, 48 / (lmax + 16));
  const nMid = Math.max(1, Math.ceil((Math.PI - 2 * h) / h));
  const mid: number[] = [];
  for (let i = 0; i <= nMid; i++) mid.push(h + ((Math.PI - 2 * h) * i) / nMid);
  const graded: number[] = [0];
  for (let t = Math.min(thetaMin, h / 2); t < h; t *= 2) graded.push(t);
  graded.push(h);
  const lo = compositeGaussLegendre(graded, 24);
  const md = compositeGaussLegendre(mid, 48);
  const n = 2 * lo.x.length + md.x.length;
  const theta = new Float64Array(n);
  const W = new Float64Array(n);
  const cd = projectionConstant(d);
  let k = 0;
  const push = (th: number, w: number) => {
    theta[k] = th;
    W[k] = w * cd * (d === 2 ? 1 : Math.pow(Math.sin(th), d - 2));
    k++;
  };
  for (let i = 0; i < lo.x.length; i++) push(lo.x[i], lo.w[i]);
  for (let i = 0; i < md.x.length; i++) push(md.x[i], md.w[i]);
  for (let i = lo.x.length - 1; i >= 0; i--) push(Math.PI - lo.x[i], lo.w[i]);
  // exact mirror symmetry θ ↔ π - θ (n is even), used to halve the recursion and the projection
  for (let i = 0; i < n / 2; i++) {
    theta[n - 1 - i] = Math.PI - theta[i];
    W[n - 1 - i] = W[i];
  }
  return { theta, W };
}

/**
 * Angular power spectra of the infinitely wide random network at each requested depth, with
 * κ'(1) and the regime. Synchronous (float64 CPU); `onProgress` is called per layer.
 */
export function theorySpectrum(params: TheoryParams, opts: RunOptions = {}): TheoryResult {
  const spec = toActivationSpec(params.activation);
  const depths = parseDepths(params.depths);
  const d = checkInt('dim', params.dim ?? 3, 2, MAX_DIM);
  const lmax = checkInt('lmax', params.lmax ?? 64, 0, MAX_LMAX);
  const v = resolveVariances(spec, { mode: params.mode, sigmaW2: params.sigmaW2, sigmaB2: params.sigmaB2 });
  const L = depths[depths.length - 1];
  const plan = planLayers(spec, L, v.mode, v.sIn, v.sigmaW2, v.sigmaB2, opts);
  const warnings: string[] = [];

  // κ'(1) and regime
  let kp: number;
  let qStar = 1;
  if (v.mode === 'normalized') kp = plan.slope[1];
  else ({ kappaPrime1: kp, qStar } = rawKappaPrime1(spec, v.sigmaW2, v.sigmaB2));
  if (Number.isNaN(kp)) kp = Infinity;

  // ρ-slope products at t = 1 (K'(1)/K(1)) per depth, for sobolevFull and the grading
  const slopeProd = new Float64Array(L + 1);
  slopeProd[0] = plan.w1;
  for (let l = 1; l <= L; l++) slopeProd[l] = slopeProd[l - 1] * plan.slope[l];
  let thetaMin = 1e-22;
  const sMax = Math.max(...depths.map((dd) => slopeProd[dd]));
  if (Number.isFinite(sMax) && sMax > 0) thetaMin = Math.max(1e-22, 1e-3 * Math.sqrt(2 / sMax));

  const { theta, W } = thetaRule(d, lmax, thetaMin);
  const n = theta.length;
  const rho = new Float64Array(n);
  const wv = new Float64Array(n);
  const vv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sh = Math.sin(theta[i] / 2);
    const ch = Math.cos(theta[i] / 2);
    wv[i] = plan.w1 * 2 * sh * sh;
    vv[i] = plan.w1 * 2 * ch * ch + plan.c1;
    rho[i] = wv[i] <= vv[i] ? 1 - wv[i] : vv[i] - 1;
  }
  // Without bias, an odd (even) φ makes every layer's ρ odd (even, from layer 2 on) in t: only
  // the nodes θ < π/2 need the recursion; the others are mirrored when recorded.
  const par0 = plan.maps[0].parity;
  const sym = v.sigmaB2 === 0 && par0 !== 0 && plan.maps.every((m) => m.parity === par0);
  const half = n / 2;
  const nRun = sym ? half : n;
  const recorded: Float64Array[] = [];
  let next = 0;
  for (let l = 1; l <= L; l++) {
    throwIfAborted(opts.signal);
    const map = plan.maps[l - 1];
    const a = plan.a[l];
    const c = plan.c[l];
    // below thr the complement form is used; above it 1 - κ(ρ) loses at most ~1e-16/thr relative
    const thr = map.method === 'closed-form' ? 0.5 : 0.02;
    const par = map.parity;
    for (let i = 0; i < nRun; i++) {
      const w = wv[i];
      const vi = vv[i];
      let om: number;
      let op: number;
      if (w < thr) {
        om = map.comp(w);
        op = 2 - om;
      } else if (vi < thr && par === -1) {
        op = map.comp(vi);
        om = 2 - op;
      } else if (vi < thr && par === 1) {
        om = map.comp(vi);
        op = 2 - om;
      } else {
        const k = map.kappa(rho[i]);
        om = 1 - k;
        op = 1 + k;
      }
      const nw = a * om;
      const nv = c + a * op;
      wv[i] = nw;
      vv[i] = nv;
      rho[i] = nw <= nv ? 1 - nw : nv - 1;
    }
    if (l === depths[next]) {
      const r = Float64Array.from(rho);
      if (sym) for (let i = 0; i < half; i++) r[n - 1 - i] = par0 * r[i];
      recorded.push(r);
      next++;
    }
    opts.onProgress?.({ phase: 'layers', done: l, total: L });
  }

  // projection, pairing θ with π - θ: G_ℓ(-t) = (-1)^ℓ G_ℓ(t)
  const nd = depths.length;
  const acc = Array.from({ length: nd }, () => new Float64Array(lmax + 1));
  const g = new Float64Array(lmax + 1);
  const rec = gegenbauerRecurrence(d, lmax);
  for (let i = 0; i < half; i++) {
    const j = n - 1 - i;
    gegenbauerAllFast(rec, Math.cos(theta[i]), g);
    for (let r = 0; r < nd; r++) {
      const ar = acc[r];
      const pe = W[i] * (recorded[r][i] + recorded[r][j]);
      const po = W[i] * (recorded[r][i] - recorded[r][j]);
      for (let l = 0; l <= lmax; l += 2) ar[l] += pe * g[l];
      for (let l = 1; l <= lmax; l += 2) ar[l] += po * g[l];
    }
    if ((i & 1023) === 0) throwIfAborted(opts.signal);
  }
  const Nl = new Float64Array(lmax + 1);
  for (let l = 0; l <= lmax; l++) Nl[l] = harmonicDimension(d, l);
  const area = sphereArea(d);
  const roundoff = roundoffBound(Math.max(...Nl), n);
  let worstNegative = 0;

  const out: DepthSpectrum[] = depths.map((depth, r) => {
    const K1 = plan.q[depth + 1];
    const D = new Array<number>(lmax + 1);
    const C = new Array<number>(lmax + 1);
    let sum = 0;
    let mean = 0;
    let sob = 0;
    for (let l = 0; l <= lmax; l++) {
      const Dl = Nl[l] * acc[r][l];
      if (!Number.isFinite(Dl)) throw new NnspectraError('NUMERICAL', `D_${l} at depth ${depth} is not finite`);
      // D_ℓ is a probability: a negative value is rounding of a true value in [0, roundoff].
      // E[X] and E[X(X+d-2)] keep the raw values, whose rounding is unbiased; clipping is not.
      if (Dl < 0) worstNegative = Math.min(worstNegative, Dl);
      D[l] = Math.max(0, Dl);
      C[l] = (area * K1 * D[l]) / Nl[l];
      sum += D[l];
      mean += l * Dl;
      sob += l * (l + d - 2) * Dl;
    }
    // Σ D carries up to (lmax + 1)·roundoff of rounding: a negative tail within it is zero.
    let tail = 1 - sum;
    if (tail < 0 && tail > -Math.max(1e-9, (lmax + 1) * roundoff)) tail = 0;
    return { depth, D, C, tailMass: tail, meanX: mean, sobolev: sob, sobolevFull: (d - 1) * slopeProd[depth], variance: K1 };
  });

  // Projection rounding grows like √N(d, ℓ) (measured ≈ 5e-18·√(N·nodes)): harmless on S², not for large d.
  const floor = 5e-18 * Math.sqrt(Nl[lmax]) * Math.sqrt(n);
  if (floor > 1e-6) {
    let lOk = lmax;
    while (lOk > 0 && 5e-18 * Math.sqrt(Nl[lOk]) * Math.sqrt(n) > 1e-9) lOk--;
    invalidParam(
      'lmax',
      `<= ${lOk} on S^${d - 1}, where float64 rounding would limit D_l near l = ${lmax} to about ${floor.toExponential(1)} (lmax <= ${lOk} keeps 1e-9 accuracy)`,
      lmax,
    );
  }
  if (worstNegative < -roundoff)
    warnings.push(`a negative D_l of ${worstNegative.toExponential(1)} was set to 0, beyond the rounding bound ${roundoff.toExponential(1)}`);
  if (floor > 1e-9) warnings.push(`on S^${d - 1} rounding limits D_l near l = ${lmax} to about ${floor.toExponential(1)} absolute`);
  const maxErr = Math.max(0, ...plan.maps.map((m) => m.error));
  if (maxErr > 1e-12) warnings.push(`the layer map of ${activationLabel(spec)} is only accurate to about ${maxErr.toExponential(1)} (kinks away from 0, singular derivatives or very steep features)`);

  return {
    activation: activationLabel(spec),
    dim: d,
    lmax,
    mode: v.mode,
    sigmaW2: v.sigmaW2,
    sigmaB2: v.sigmaB2,
    kappaPrime1: kp,
    regime: regimeOf(kp),
    qStar,
    depths: out,
    method: plan.maps[0].method,
    nodes: n,
    roundoff,
    warnings,
  };
}

/**
 * The rounding bound of the projection D_ℓ = N(d,ℓ) Σ_i w_i κ(t_i) G_ℓ(t_i) over `nodes`
 * quadrature nodes: each term carries a relative error of a few ε (the correlation recursion,
 * the stable Gegenbauer recurrence, the product), and these add up like a random walk whose size
 * grows as √(N(d, ℓ) · nodes). Over 10 activations, d ∈ {2, 3, 5, 8}, lmax ≤ 256 and depths ≤ 30
 * the largest negative D_ℓ was 0.67 ε √(N · nodes); the bound takes 4 of that unit.
 */
export function roundoffBound(maxHarmonicDimension: number, nodes: number): number {
  return 4 * Number.EPSILON * Math.sqrt(maxHarmonicDimension * nodes);
}
