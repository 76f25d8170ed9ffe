/**
 * Marchenko–Pastur law. Convention: X is p×n with iid entries of variance σ², q = p/n, and the
 * spectrum is that of S = XXᵀ/n (p eigenvalues). Then the bulk lies in
 * [λ-, λ+] = σ²(1 ∓ √q)², and for q > 1 a fraction 1 - 1/q of the eigenvalues sits at 0.
 */
import { checkNumber, invalidParam } from '../errors.js';

export interface MpEdges {
  lambdaMinus: number;
  lambdaPlus: number;
}

/** Bulk edges σ²(1 ∓ √q)². */
export function mpEdges(q: number, sigma2 = 1): MpEdges {
  checkNumber('q', q, 0, Infinity, { loOpen: true });
  checkNumber('sigma2', sigma2, 0, Infinity, { loOpen: true });
  const r = Math.sqrt(q);
  return { lambdaMinus: sigma2 * (1 - r) ** 2, lambdaPlus: sigma2 * (1 + r) ** 2 };
}

/**
 * Density of the continuous part at x: √((λ+ - x)(x - λ-)) / (2π σ² q x) on (λ-, λ+), 0
 * elsewhere. It integrates to min(1, 1/q) (the rest is the atom at 0 when q > 1).
 */
export function mpDensity(x: number, q: number, sigma2 = 1): number {
  const { lambdaMinus: a, lambdaPlus: b } = mpEdges(q, sigma2);
  if (!(x > a && x < b) || x <= 0) return 0;
  return Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * sigma2 * q * x);
}

/**
 * The MP distribution function (atom at 0 included), tabulated once on the substitution
 * x = λ- + (λ+ - λ-)(1 - cos t)/2 that removes the square-root edges, then interpolated.
 */
export function mpCdf(q: number, sigma2 = 1, points = 2048): (x: number) => number {
  const { lambdaMinus: a, lambdaPlus: b } = mpEdges(q, sigma2);
  const atom = q > 1 ? 1 - 1 / q : 0;
  const xs = new Float64Array(points + 1);
  const F = new Float64Array(points + 1);
  const h = Math.PI / points;
  const f = (t: number): number => {
    const x = a + ((b - a) * (1 - Math.cos(t))) / 2;
    return x > 0 ? (mpDensity(x, q, sigma2) * (b - a) * Math.sin(t)) / 2 : 0;
  };
  xs[0] = a;
  F[0] = atom;
  let prev = f(0);
  for (let i = 1; i <= points; i++) {
    const t = i * h;
    const cur = f(t);
    xs[i] = a + ((b - a) * (1 - Math.cos(t))) / 2;
    F[i] = F[i - 1] + (h * (prev + cur)) / 2;
    prev = cur;
  }
  // The quadrature misses O(h²) of mass; rescale so F(λ+) is exactly 1.
  const scale = (1 - atom) / (F[points] - atom);
  for (let i = 0; i <= points; i++) F[i] = atom + (F[i] - atom) * scale;
  return (x: number) => {
    if (x < 0) return 0;
    if (x < a) return atom;
    if (x >= b) return 1;
    let lo = 0, hi = points;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] <= x) lo = mid;
      else hi = mid;
    }
    const w = (x - xs[lo]) / (xs[hi] - xs[lo] || 1);
    return F[lo] + w * (F[hi] - F[lo]);
  };
}

/** Kolmogorov–Smirnov distance sup |F_emp - F| between a sample and a distribution function. */
export function ksDistance(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  const n = xs.length;
  if (n === 0) invalidParam('sample', 'non-empty', 'an empty array');
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(xs[i]);
    d = Math.max(d, Math.abs((i + 1) / n - F), Math.abs(F - i / n));
  }
  return d;
}

/** Tracy–Widom (β = 1) quantiles for the margin above λ+. */
const TW1 = { 0.9: 0.4501, 0.95: 0.9793, 0.99: 2.0234 } as const;

/**
 * Scale of the largest-eigenvalue fluctuation of S = XXᵀ/n (Johnstone 2001):
 * σ²(√n + √p)(1/√n + 1/√p)^{1/3} / n.
 */
export function tracyWidomScale(p: number, n: number, sigma2 = 1): number {
  return (sigma2 * (Math.sqrt(n) + Math.sqrt(p)) * Math.cbrt(1 / Math.sqrt(n) + 1 / Math.sqrt(p))) / n;
}

/**
 * Position of the BBP outlier: a population covariance σ²(I + (ℓ-1)uuᵀ) gives, when
 * ℓ > 1 + √q, a sample eigenvalue at σ²ℓ(1 + q/(ℓ - 1)); below the threshold, none (null).
 */
export function bbpOutlier(ell: number, q: number, sigma2 = 1): number | null {
  checkNumber('ell', ell, 0, Infinity, { loOpen: true });
  checkNumber('q', q, 0, Infinity, { loOpen: true });
  if (ell <= 1 + Math.sqrt(q)) return null;
  return sigma2 * ell * (1 + q / (ell - 1));
}

export interface MpFitOptions {
  /** Tracy–Widom quantile of the outlier margin (0.9, 0.95 or 0.99; default 0.95). */
  confidence?: 0.9 | 0.95 | 0.99;
}

export interface MpFit {
  sigma2: number;
  lambdaMinus: number;
  lambdaPlus: number;
  /** λ+ plus the Tracy–Widom margin: eigenvalues above it are outliers. */
  threshold: number;
  /** Outlier eigenvalues, descending. */
  outliers: Float64Array;
  nOutliers: number;
  /** Eigenvalues used as the bulk. */
  nBulk: number;
  /** KS distance of the bulk to the fitted law (the law renormalised to the bulk's share). */
  ks: number;
}

/**
 * Fits σ² of the MP law with ratio q = p/n to the eigenvalues of S = XXᵀ/n: outliers above
 * the edge plus a Tracy–Widom margin are set aside, σ² minimises the KS distance of the
 * remaining bulk (golden-section search in log σ² around the moment estimate), and the split
 * is redone until it is stable.
 */
export function mpFit(eigenvalues: ArrayLike<number>, q: number, opts: MpFitOptions = {}): MpFit {
  checkNumber('q', q, 0, Infinity, { loOpen: true });
  const conf = opts.confidence ?? 0.95;
  if (!(conf in TW1)) invalidParam('confidence', 'one of 0.9, 0.95, 0.99', conf);
  const t = TW1[conf];
  const ev = Float64Array.from(eigenvalues).sort();
  const p = ev.length;
  if (p < 2) invalidParam('eigenvalues', 'at least 2 values', p);
  for (let i = 0; i < p; i++) if (!Number.isFinite(ev[i])) invalidParam('eigenvalues', 'finite', ev[i]);
  const n = p / q;
  // Moment estimate: the MP mean is σ² (atom included), so start from the mean of the bulk.
  let bulkEnd = p;
  let sigma2 = mean(ev, bulkEnd);
  if (!(sigma2 > 0)) invalidParam('eigenvalues', 'not all zero or negative', 'a spectrum with mean <= 0');
  let ks = 1;
  for (let round = 0; round < 20; round++) {
    const bulk = ev.subarray(0, bulkEnd);
    const share = bulkEnd / p;
    const obj = (ls: number): number => {
      const s2 = Math.exp(ls);
      const F = mpCdf(q, s2, 512);
      return ksDistance(bulk, (x) => Math.min(1, F(x) / share));
    };
    let lo = Math.log(sigma2) - 1, hi = Math.log(sigma2) + 1;
    const g = (Math.sqrt(5) - 1) / 2;
    let x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    let f1 = obj(x1), f2 = obj(x2);
    for (let it = 0; it < 40; it++) {
      if (f1 < f2) {
        hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = obj(x1);
      } else {
        lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = obj(x2);
      }
    }
    sigma2 = Math.exp((lo + hi) / 2);
    ks = Math.min(f1, f2);
    const thr = mpEdges(q, sigma2).lambdaPlus + t * tracyWidomScale(p, n, sigma2);
    let end = p;
    while (end > 1 && ev[end - 1] > thr) end--;
    if (end === bulkEnd) break;
    bulkEnd = end;
  }
  const { lambdaMinus, lambdaPlus } = mpEdges(q, sigma2);
  const threshold = lambdaPlus + t * tracyWidomScale(p, n, sigma2);
  const outliers = ev.filter((x) => x > threshold).reverse();
  return { sigma2, lambdaMinus, lambdaPlus, threshold, outliers, nOutliers: outliers.length, nBulk: p - outliers.length, ks };
}

function mean(a: Float64Array, end: number): number {
  let s = 0;
  for (let i = 0; i < end; i++) s += a[i];
  return s / end;
}
