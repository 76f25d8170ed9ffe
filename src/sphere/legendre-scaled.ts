/**
 * Inputs of the on-the-fly Legendre transforms (shaders/sht/fly-*.wgsl): the recursion's
 * coefficients and the sectoral seeds λ_mm(x) as extended-range numbers.
 *
 * A float32 ℓ-recursion starting from λ_mm ∝ sin^m θ underflows near the poles once m is a
 * few hundred (sin^m θ < 2^-126). As in SHTns and ducc, each ring carries its value as
 * p · 2^(64 k) with an integer k ≤ 0: the recursion runs on p, which is multiplied by 2^-64
 * (and k raised by one) whenever |p| passes 2^32, and λ_ℓm enters a sum only once k = 0.
 * A value still at k < 0 is below 2^-32 · max|λ|, far under float32 resolution of the sums.
 * The seeds come from float64 logarithms, so their only error is the final rounding to f32.
 */
import type { SphereGrid } from './grid.js';
import { lmCount, lmIndex } from './legendre.js';

/** Bits of one step of the extended exponent. */
export const SCALE_BITS = 64;

/** Number of ring pairs (x, -x) of a Gauss–Legendre grid; the middle ring pairs with itself when nlat is odd. */
export const halfRings = (nlat: number): number => Math.ceil(nlat / 2);

/** Scale of the first-order correction carried beside the recursion (keeps it out of f32 subnormals). */
export const CORRECTION_SCALE = 2 ** 40;

/**
 * (x_hi, w, x_lo·2^40, 0) of the northern ring of each pair h, j = nlat - 1 - h (x ≥ 0; its mirror
 * is ring h), as f32: x_hi + x_lo is x_j to about 2^-48. The kernels run the recursion at x_hi
 * and, beside it, its first-order change from x_lo (λ_ℓm(x) ≈ λ_ℓm(x_hi) + x_lo ∂λ_ℓm/∂x by the
 * differentiated recursion): the f32 rounding of x is the same in every degree and would
 * otherwise add up coherently in the sums over rings (the largest error of a plain f32
 * recursion at high ℓ, several times the rounding of the arithmetic itself).
 */
export function halfRingTable(g: SphereGrid): Float32Array {
  const nh = halfRings(g.nlat);
  const out = new Float32Array(4 * nh);
  for (let h = 0; h < nh; h++) {
    const j = g.nlat - 1 - h;
    out[4 * h] = g.x[j];
    out[4 * h + 1] = g.w[j];
    out[4 * h + 2] = (g.x[j] - out[4 * h]) * CORRECTION_SCALE;
  }
  return out;
}

/**
 * (a_ℓ, b_ℓ) of λ_ℓm = a_ℓ (x λ_{ℓ-1,m} - b_ℓ λ_{ℓ-2,m}) at lmIndex(ℓ, m), as f32 pairs rounded
 * from float64; at ℓ = m + 1 the pair is (√(2m+3), 0), so one formula runs from the seed on.
 */
export function recurrenceTable(lmax: number): Float32Array {
  const out = new Float32Array(2 * lmCount(lmax));
  for (let m = 0; m <= lmax; m++) {
    if (m + 1 <= lmax) out[2 * lmIndex(m + 1, m, lmax)] = Math.sqrt(2 * m + 3);
    for (let l = m + 2; l <= lmax; l++) {
      const i = lmIndex(l, m, lmax);
      out[2 * i] = Math.sqrt((4 * l * l - 1) / (l * l - m * m));
      out[2 * i + 1] = Math.sqrt(((l - 1) * (l - 1) - m * m) / (4 * (l - 1) * (l - 1) - 1));
    }
  }
  return out;
}

/**
 * λ_mm(x_h) of every order m ≤ lmax and ring pair h as (p, k), value p · 2^(64 k), at
 * [m · nh + h]: k = 0 when λ_mm ≥ 2^-64 (p is then the value), else the k < 0 that puts p in
 * [2^-64, 1). log2 λ_mm = log2(1/√4π) + Σ_{i ≤ m} ½ log2((2i+1)/2i) + m log2 sin θ in float64.
 */
export function sectoralSeeds(g: SphereGrid, lmax: number): Float32Array {
  const nh = halfRings(g.nlat);
  const logS = new Float64Array(nh);
  for (let h = 0; h < nh; h++) {
    const x = g.x[g.nlat - 1 - h];
    logS[h] = 0.5 * Math.log2((1 - x) * (1 + x));
  }
  const out = new Float32Array(2 * nh * (lmax + 1));
  let c = -0.5 * Math.log2(4 * Math.PI);
  for (let m = 0; m <= lmax; m++) {
    if (m > 0) c += 0.5 * Math.log2((2 * m + 1) / (2 * m));
    for (let h = 0; h < nh; h++) {
      const L = c + m * logS[h];
      const k = L >= -SCALE_BITS ? 0 : Math.floor(L / SCALE_BITS) + 1;
      const o = 2 * (m * nh + h);
      out[o] = 2 ** (L - SCALE_BITS * k);
      out[o + 1] = k;
    }
  }
  return out;
}
