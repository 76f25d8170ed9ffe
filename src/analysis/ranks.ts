/** Ranks and norms from singular values (any order; non-negative, finite). */
import { checkNumber, invalidParam } from '../errors.js';

function checkSv(sv: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(sv);
  if (s.length === 0) invalidParam('singularValues', 'non-empty', 'an empty array');
  for (let i = 0; i < s.length; i++)
    if (!(s[i] >= 0) || !Number.isFinite(s[i])) invalidParam('singularValues', 'finite and >= 0', `${s[i]} at index ${i}`);
  return s;
}

/**
 * Effective rank (Roy & Vetterli 2007): p_i = σ_i / Σσ_j, H = -Σ p_i ln p_i; returns exp(H)
 * (between 1 and R), or H / ln R with `normalized` (between 0 and 1; R = number of values).
 * A zero matrix has effective rank 0 (normalized: 0).
 */
export function effectiveRank(singularValues: ArrayLike<number>, opts: { normalized?: boolean } = {}): number {
  const s = checkSv(singularValues);
  let sum = 0;
  for (const x of s) sum += x;
  if (sum === 0) return 0;
  let H = 0;
  for (const x of s) {
    if (x > 0) {
      const p = x / sum;
      H -= p * Math.log(p);
    }
  }
  if (opts.normalized) return s.length > 1 ? H / Math.log(s.length) : 0;
  return Math.exp(H);
}

/** Stable rank Σσ² / σ_max² (0 for a zero matrix). */
export function stableRank(singularValues: ArrayLike<number>): number {
  const s = checkSv(singularValues);
  let ss = 0, mx = 0;
  for (const x of s) {
    ss += x * x;
    mx = Math.max(mx, x);
  }
  return mx === 0 ? 0 : ss / (mx * mx);
}

/**
 * Numerical rank: the number of σ_i > tol, tol = rtol·σ_max (default rtol: R·ε of float32,
 * the precision weights usually come in; pass rtol for float64 data).
 */
export function numericalRank(singularValues: ArrayLike<number>, opts: { rtol?: number; tol?: number } = {}): number {
  const s = checkSv(singularValues);
  let mx = 0;
  for (const x of s) mx = Math.max(mx, x);
  const tol =
    opts.tol !== undefined
      ? checkNumber('tol', opts.tol, 0)
      : checkNumber('rtol', opts.rtol ?? s.length * 1.1920929e-7, 0) * mx;
  let r = 0;
  for (const x of s) if (x > tol) r++;
  return r;
}

export interface NormSummary {
  /** ‖W‖_F = √Σσ². */
  frobenius: number;
  /** ‖W‖_2 = σ_max. */
  spectral: number;
  /** log10 ‖W‖_F² (WeightWatcher's log_norm). */
  logFrobenius: number;
  /** log10 σ_max² (WeightWatcher's log_spectral_norm). */
  logSpectral: number;
  stableRank: number;
  effectiveRank: number;
  numericalRank: number;
}

/** Norms and ranks of a matrix from its singular values. */
export function normSummary(singularValues: ArrayLike<number>): NormSummary {
  const s = checkSv(singularValues);
  let ss = 0, mx = 0;
  for (const x of s) {
    ss += x * x;
    mx = Math.max(mx, x);
  }
  return {
    frobenius: Math.sqrt(ss),
    spectral: mx,
    logFrobenius: Math.log10(ss),
    logSpectral: Math.log10(mx * mx),
    stableRank: stableRank(s),
    effectiveRank: effectiveRank(s),
    numericalRank: numericalRank(s),
  };
}

/** WeightWatcher's α-weighted norm α·log10 λ_max with λ_max = σ_max² (eigenvalue of WᵀW). */
export function alphaWeighted(alpha: number, singularValues: ArrayLike<number>): number {
  checkNumber('alpha', alpha);
  const s = checkSv(singularValues);
  let mx = 0;
  for (const x of s) mx = Math.max(mx, x);
  return alpha * Math.log10(mx * mx);
}
