/**
 * From per-network degree powers to the reported spectra. With b̂_kℓ the estimate of b_ℓ for
 * network k (Σ_m a_ℓm² / |S^{d-1}|) and s_k its mean square (1/|S|)∫T², the sampled law of the
 * multipole is the ratio estimator D̂_ℓ = mean_k b̂_kℓ / mean_k s_k (consistent for
 * E[b_ℓ]/E[T²] = D_ℓ); its standard error is the delta-method one,
 * sd_k(b̂_kℓ - D̂_ℓ s_k) / (mean_k s_k · √K), which accounts for the shared normaliser.
 * C_ℓ = |S| b_ℓ / N(d, ℓ) is reported unnormalised (the field's own scale).
 */
import { harmonicDimension, sphereArea } from '../sphere/harmonics.js';

export interface SampledSpectra {
  D: number[];
  Dse: number[];
  C: number[];
  Cse: number[];
  /** mean_k s_k: the sampled K(1) (field variance). */
  meanSquare: number;
}

export function summariseSpectra(b: Float64Array, meanSquare: Float64Array, count: number, lmax: number, d: number): SampledSpectra {
  const L1 = lmax + 1;
  let sbar = 0;
  for (let k = 0; k < count; k++) sbar += meanSquare[k];
  sbar /= count;
  const area = sphereArea(d);
  const D: number[] = [];
  const Dse: number[] = [];
  const C: number[] = [];
  const Cse: number[] = [];
  for (let l = 0; l < L1; l++) {
    let bbar = 0;
    for (let k = 0; k < count; k++) bbar += b[k * L1 + l];
    bbar /= count;
    const Dl = bbar / sbar;
    let vr = 0;
    let vb = 0;
    for (let k = 0; k < count; k++) {
      const r = b[k * L1 + l] - Dl * meanSquare[k];
      vr += r * r;
      vb += (b[k * L1 + l] - bbar) ** 2;
    }
    const denom = Math.max(1, count - 1);
    const cs = area / harmonicDimension(d, l);
    D.push(Dl);
    Dse.push(Math.sqrt(vr / denom / count) / sbar);
    C.push(bbar * cs);
    Cse.push(Math.sqrt(vb / denom / count) * cs);
  }
  return { D, Dse, C, Cse, meanSquare: sbar };
}

/** Per-ℓ z-scores (D̂ - D)/se; 0 where both the difference and the error vanish. */
export function zScores(D: number[], Dse: number[], theory: ArrayLike<number>): number[] {
  return D.map((v, l) => {
    const diff = v - theory[l];
    if (Dse[l] > 0) return diff / Dse[l];
    return Math.abs(diff) < 1e-12 ? 0 : diff > 0 ? Infinity : -Infinity;
  });
}
