/**
 * Sufficient statistics of a block of networks for the reported spectra. With b̂_kℓ the degree
 * power of network k and s_k its mean square, D̂_ℓ = Σ b̂ / Σ s and
 * Dse_ℓ² = Σ_k (b̂_kℓ - D̂_ℓ s_k)² / (K (K-1) s̄²) need, per ℓ, only the count, Σ b̂, Σ s and the
 * second moments; these are kept about the block's means (Σ (b̂ - b̄)², Σ (s - s̄)²,
 * Σ (b̂ - b̄)(s - s̄)), which carry the same information as Σ b̂², Σ s², Σ b̂ s without their
 * cancellation, and are merged exactly (Chan, Golub & LeVeque's pairwise update). One code path
 * serves whole runs and shards, so a merged run equals the unsharded one to rounding.
 */
export interface SpectrumMoments {
  /** Networks in the block. */
  count: number;
  /** Σ_k s_k. */
  sumS: number;
  /** Σ_k (s_k - s̄)². */
  css: number;
  /** Σ_k b̂_kℓ per ℓ. */
  sumB: Float64Array;
  /** Σ_k (b̂_kℓ - b̄_ℓ)² per ℓ. */
  cbb: Float64Array;
  /** Σ_k (b̂_kℓ - b̄_ℓ)(s_k - s̄) per ℓ. */
  cbs: Float64Array;
}

/** Moments of networks 0 … count-1 from b [count × (lmax+1)] and mean squares (two passes). */
export function blockMoments(b: Float64Array, ms: Float64Array, count: number, lmax: number): SpectrumMoments {
  const L1 = lmax + 1;
  let sumS = 0;
  for (let k = 0; k < count; k++) sumS += ms[k];
  const sbar = sumS / count;
  let css = 0;
  for (let k = 0; k < count; k++) css += (ms[k] - sbar) ** 2;
  const sumB = new Float64Array(L1);
  const cbb = new Float64Array(L1);
  const cbs = new Float64Array(L1);
  for (let l = 0; l < L1; l++) {
    let s = 0;
    for (let k = 0; k < count; k++) s += b[k * L1 + l];
    const bbar = s / count;
    let vb = 0;
    let cv = 0;
    for (let k = 0; k < count; k++) {
      const db = b[k * L1 + l] - bbar;
      vb += db * db;
      cv += db * (ms[k] - sbar);
    }
    sumB[l] = s;
    cbb[l] = vb;
    cbs[l] = cv;
  }
  return { count, sumS, css, sumB, cbb, cbs };
}

/** The moments of the union of two disjoint blocks. */
export function mergeMoments(x: SpectrumMoments, y: SpectrumMoments): SpectrumMoments {
  const n = x.count + y.count;
  const f = (x.count * y.count) / n;
  const ds = y.sumS / y.count - x.sumS / x.count;
  const L1 = x.sumB.length;
  const sumB = new Float64Array(L1);
  const cbb = new Float64Array(L1);
  const cbs = new Float64Array(L1);
  for (let l = 0; l < L1; l++) {
    const db = y.sumB[l] / y.count - x.sumB[l] / x.count;
    sumB[l] = x.sumB[l] + y.sumB[l];
    cbb[l] = x.cbb[l] + y.cbb[l] + f * db * db;
    cbs[l] = x.cbs[l] + y.cbs[l] + f * db * ds;
  }
  return { count: n, sumS: x.sumS + y.sumS, css: x.css + y.css + f * ds * ds, sumB, cbb, cbs };
}
