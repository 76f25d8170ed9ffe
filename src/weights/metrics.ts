/**
 * Per-layer metrics from a layer's eigenvalues λ = σ² (pooled over a convolution's taps), with
 * WeightWatcher's definitions: N = max(rows, cols), M = min, Q = N/M.
 */
import { NnspectraError } from '../errors.js';
import { mpFit } from '../analysis/marchenko-pastur.js';
import { powerLawFit } from '../analysis/power-law.js';
import { effectiveRank } from '../analysis/ranks.js';

/** α below this reads "over-trained", above {@link ALPHA_UNDER} "under-trained" (WeightWatcher). */
export const ALPHA_OVER = 2;
export const ALPHA_UNDER = 6;

export interface LayerMetrics {
  /** Power-law exponent of the ESD tail, p(λ) ∝ λ^-α for λ >= xmin (null when it cannot be fitted). */
  alpha: number | null;
  xmin: number | null;
  /** Standard error (α - 1)/√n_tail. */
  alphaSE: number | null;
  /** KS distance of the tail to the fitted power law (WeightWatcher's D). */
  ks: number | null;
  /** α · log10 λ_max. */
  alphaWeighted: number | null;
  /** log10 Σλ = log10 ‖W‖_F². */
  logNorm: number;
  /** log10 λ_max = log10 ‖W‖_2². */
  logSpectralNorm: number;
  /** Σλ / λ_max. */
  stableRank: number;
  /** exp of the entropy of σ/Σσ (Roy & Vetterli). */
  effectiveRank: number;
  /** Largest eigenvalue λ_max. */
  lambdaMax: number;
  /** Bulk edge of the Marchenko–Pastur law fitted to λ/N, times N (on the scale of λ). */
  mpBulkMax: number | null;
  /** Eigenvalues above the fitted bulk edge plus its Tracy–Widom margin. */
  numSpikes: number | null;
  /** mpBulkMax / λ_max. */
  mpSoftRank: number | null;
  /** 'over-trained' (α < 2), 'under-trained' (α > 6), or ''. */
  warning: '' | 'over-trained' | 'under-trained';
}

/** Metrics of a layer from its eigenvalues (any order, >= 0) and the N × M of its matrices. */
export function layerMetrics(eigenvalues: Float64Array, N: number, M: number): LayerMetrics {
  let sum = 0, max = 0;
  for (const x of eigenvalues) {
    sum += x;
    if (x > max) max = x;
  }
  const pl = tryFit(() => powerLawFit(eigenvalues));
  const mp = max > 0 ? tryFit(() => mpFit(Float64Array.from(eigenvalues, (x) => x / N), M / N)) : null;
  const alpha = pl?.alpha ?? null;
  const mpBulkMax = mp ? mp.lambdaPlus * N : null;
  return {
    alpha,
    xmin: pl?.xmin ?? null,
    alphaSE: pl?.alphaSE ?? null,
    ks: pl?.ks ?? null,
    alphaWeighted: alpha !== null && max > 0 ? alpha * Math.log10(max) : null,
    logNorm: Math.log10(sum),
    logSpectralNorm: Math.log10(max),
    stableRank: max > 0 ? sum / max : 0,
    effectiveRank: effectiveRank(Float64Array.from(eigenvalues, Math.sqrt)),
    lambdaMax: max,
    mpBulkMax,
    numSpikes: mp?.nOutliers ?? null,
    mpSoftRank: mpBulkMax !== null && max > 0 ? mpBulkMax / max : null,
    warning: alpha === null ? '' : alpha < ALPHA_OVER ? 'over-trained' : alpha > ALPHA_UNDER ? 'under-trained' : '',
  };
}

/** A fit that cannot be made (a constant or too short spectrum) gives null, not an error. */
function tryFit<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof NnspectraError) return null;
    throw e;
  }
}
