/**
 * Heavy-tail exponents of eigenvalue spectra: the continuous power-law MLE with xmin chosen by
 * the KS distance (Clauset, Shalizi & Newman 2009; the estimator WeightWatcher uses), and Hill.
 * Density convention p(x) ∝ x^{-α} for x >= xmin.
 */
import { checkInt, invalidParam } from '../errors.js';

export interface PowerLawFit {
  /** Exponent of the density p(x) ∝ x^{-α}. */
  alpha: number;
  xmin: number;
  /** Standard error (α - 1)/√nTail of the MLE. */
  alphaSE: number;
  /** Number of values >= xmin used in the fit. */
  nTail: number;
  /** KS distance between the tail and the fitted law. */
  ks: number;
}

export interface PowerLawOptions {
  /** Smallest tail admitted when scanning xmin (default 10, or n when fewer values). */
  minTail?: number;
  /** Fix xmin instead of scanning. */
  xmin?: number;
}

function positiveSorted(values: ArrayLike<number>, param: string): Float64Array {
  const v = Float64Array.from(values);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) invalidParam(param, 'finite', v[i]);
  return v.filter((x) => x > 0).sort();
}

/** α = 1 + n / Σ ln(x_i / xmin) over the tail, xmin minimising the KS distance. */
export function powerLawFit(values: ArrayLike<number>, opts: PowerLawOptions = {}): PowerLawFit {
  const x = positiveSorted(values, 'values');
  const N = x.length;
  if (N < 2) invalidParam('values', 'at least 2 positive values', N);
  const minTail = Math.min(N, checkInt('minTail', opts.minTail ?? 10, 2, 1 << 30));
  const logs = Float64Array.from(x, Math.log);
  const suffix = new Float64Array(N + 1);
  for (let i = N - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + logs[i];
  const fitAt = (s: number): PowerLawFit | null => {
    const n = N - s;
    const lx = logs[s];
    const sum = suffix[s] - n * lx;
    if (!(sum > 0)) return null;
    const alpha = 1 + n / sum;
    let ks = 0;
    for (let i = s; i < N; i++) {
      const F = 1 - Math.exp((1 - alpha) * (logs[i] - lx));
      const r = i - s;
      ks = Math.max(ks, Math.abs((r + 1) / n - F), Math.abs(F - r / n));
    }
    return { alpha, xmin: x[s], alphaSE: (alpha - 1) / Math.sqrt(n), nTail: n, ks };
  };
  if (opts.xmin !== undefined) {
    let s = 0;
    while (s < N && x[s] < opts.xmin) s++;
    const r = N - s >= 2 ? fitAt(s) : null;
    if (!r) invalidParam('xmin', 'below at least 2 distinct values', opts.xmin);
    return r;
  }
  let best: PowerLawFit | null = null;
  for (let s = 0; s <= N - minTail; s++) {
    if (s > 0 && x[s] === x[s - 1]) continue;
    const r = fitAt(s);
    if (r && (!best || r.ks < best.ks)) best = r;
  }
  if (!best) invalidParam('values', 'not all equal', 'a constant spectrum');
  return best;
}

export interface HillEstimate {
  /** Density exponent 1 + 1/γ, comparable with powerLawFit's α. */
  alpha: number;
  /** Tail index 1/γ of the survival function. */
  tailIndex: number;
  k: number;
}

/** Hill estimator from the k largest values: γ = (1/k) Σ_{i<k} ln(x_(i)/x_(k)), descending order. */
export function hillEstimator(values: ArrayLike<number>, k: number): HillEstimate {
  const x = positiveSorted(values, 'values').reverse();
  checkInt('k', k, 1, x.length - 1);
  let s = 0;
  for (let i = 0; i < k; i++) s += Math.log(x[i] / x[k]);
  const gamma = s / k;
  if (!(gamma > 0)) invalidParam('values', 'not constant over the top k+1', 'a flat tail');
  return { alpha: 1 + 1 / gamma, tailIndex: 1 / gamma, k };
}
