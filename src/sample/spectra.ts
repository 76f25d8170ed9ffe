/**
 * From per-network degree powers to the reported spectra. With b̂_kℓ the estimate of b_ℓ for
 * network k (Σ_m a_ℓm² / |S^{d-1}|) and s_k its mean square (1/|S|)∫T², the sampled law of the
 * multipole is the ratio estimator D̂_ℓ = mean_k b̂_kℓ / mean_k s_k (consistent for
 * E[b_ℓ]/E[T²] = D_ℓ); its standard error is the delta-method one,
 * sd_k(b̂_kℓ - D̂_ℓ s_k) / (mean_k s_k · √K), which accounts for the shared normaliser.
 * C_ℓ = |S| b_ℓ / N(d, ℓ) is reported unnormalised (the field's own scale).
 */
import { harmonicDimension, sphereArea } from '../sphere/harmonics.js';
import { blockMoments, type SpectrumMoments } from './moments.js';

export interface SampledSpectra {
  D: number[];
  Dse: number[];
  C: number[];
  Cse: number[];
  /** mean_k s_k: the sampled K(1) (field variance). */
  meanSquare: number;
}

/** The reported spectra of networks 0 … count-1 from their degree powers b [count × (lmax+1)] and mean squares. */
export function summariseSpectra(b: Float64Array, meanSquare: Float64Array, count: number, lmax: number, d: number): SampledSpectra {
  return spectraFromMoments(blockMoments(b, meanSquare, count, lmax), d);
}

/** The reported spectra from the sufficient statistics of all K networks. */
export function spectraFromMoments(m: SpectrumMoments, d: number): SampledSpectra {
  const K = m.count;
  const sbar = m.sumS / K;
  const area = sphereArea(d);
  const denom = Math.max(1, K - 1);
  const D: number[] = [];
  const Dse: number[] = [];
  const C: number[] = [];
  const Cse: number[] = [];
  for (let l = 0; l < m.sumB.length; l++) {
    const Dl = m.sumB[l] / m.sumS;
    // Σ (b̂ - D̂ s)² about the means; the mean residual b̄ - D̂ s̄ is 0 by the definition of D̂.
    const vr = Math.max(0, m.cbb[l] - 2 * Dl * m.cbs[l] + Dl * Dl * m.css);
    const cs = area / harmonicDimension(d, l);
    D.push(Dl);
    Dse.push(Math.sqrt(vr / denom / K) / sbar);
    C.push((m.sumB[l] / K) * cs);
    Cse.push(Math.sqrt(m.cbb[l] / denom / K) * cs);
  }
  return { D, Dse, C, Cse, meanSquare: sbar };
}

/** Theory values at or below this fraction of Σ_ℓ D_ℓ count as zero (symmetry or rounding). */
export const ZERO_THEORY = 1e-14;

/** Differences and standard errors at or below this fraction of Σ_ℓ D_ℓ are rounding. */
export const EXACT_AGREEMENT = 1e-12;

/** The comparison of sampled spectra with the theory. */
export interface TheoryComparison {
  /** (D̂_ℓ - D_ℓ)/Dse_ℓ, null at the degrees in `zeroDegrees` and everywhere for a single network (no spread to measure). */
  z: Array<number | null>;
  /** Largest |z| over the degrees with non-zero theory (null when there are none, or for a single network). */
  maxAbsZ: number | null;
  /** Degrees where the theory is zero by symmetry or below 1e-14 of Σ D. */
  zeroDegrees: number[];
  /** Largest |D̂_ℓ| over `zeroDegrees` (null when there are none). */
  zeroLeak: number | null;
  /** max |D̂_ℓ - D_ℓ| / D_ℓ over the degrees with D_ℓ ≥ 1e-8 (null when there are none). */
  maxRelDev: number | null;
}

/**
 * z-scores where the theory is non-zero; where it is zero a z-score would divide rounding by
 * rounding, so those degrees are reported by the size of D̂ there instead.
 */
export function compareWithTheory(D: number[], Dse: number[], theory: ArrayLike<number>, networks = Infinity): TheoryComparison {
  // One network has no spread to measure: its standard error is unknown, not zero.
  const scored = networks >= 2;
  let total = 0;
  for (let l = 0; l < D.length; l++) total += Math.abs(theory[l]);
  const z: Array<number | null> = [];
  const zeroDegrees: number[] = [];
  let maxAbsZ: number | null = null;
  let zeroLeak: number | null = null;
  let maxRelDev: number | null = null;
  for (let l = 0; l < D.length; l++) {
    const t = theory[l];
    if (Math.abs(t) <= ZERO_THEORY * total) {
      z.push(null);
      zeroDegrees.push(l);
      zeroLeak = Math.max(zeroLeak ?? 0, Math.abs(D[l]));
      continue;
    }
    const diff = D[l] - t;
    if (t >= 1e-8) maxRelDev = Math.max(maxRelDev ?? 0, Math.abs(diff) / t);
    if (!scored) {
      z.push(null);
      continue;
    }
    // A degree every network carries in the same proportion (ReLU's linear part at depth 1) has
    // no spread: with both the spread and the difference at rounding level the sample is exact.
    const tiny = EXACT_AGREEMENT * total;
    const zl = Dse[l] > tiny ? diff / Dse[l] : Math.abs(diff) <= tiny ? 0 : diff > 0 ? Infinity : -Infinity;
    z.push(zl);
    maxAbsZ = Math.max(maxAbsZ ?? 0, Math.abs(zl));
  }
  return { z, maxAbsZ, zeroDegrees, zeroLeak, maxRelDev };
}
