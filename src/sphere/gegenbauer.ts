/**
 * Gegenbauer polynomials of index λ = (d-2)/2 normalised to G_ℓ(1) = 1 (Legendre P_ℓ on S²,
 * cos(ℓθ) on S¹), the dimension N(d, ℓ) of degree-ℓ spherical harmonics on S^{d-1}, the
 * sphere's area and the density of t = <x, e> for x uniform on S^{d-1}. Float64; the forward
 * three-term recurrence is stable on [-1, 1] for every ℓ used here (ℓ ≤ a few thousand).
 */
import { lgammaHalfInt } from '../theory/special.js';

/**
 * Fills out[0..lmax] with G_0(t)..G_lmax(t) for S^{d-1}:
 * G_{ℓ+1} = ((2ℓ + 2λ) t G_ℓ - ℓ G_{ℓ-1}) / (ℓ + 2λ), G_0 = 1, G_1 = t.
 */
export function gegenbauerAll(d: number, lmax: number, t: number, out: Float64Array = new Float64Array(lmax + 1)): Float64Array {
  const twoLambda = d - 2;
  out[0] = 1;
  if (lmax >= 1) out[1] = t;
  let gm = 1;
  let g = t;
  for (let l = 1; l < lmax; l++) {
    const gn = ((2 * l + twoLambda) * t * g - l * gm) / (l + twoLambda);
    gm = g;
    g = gn;
    out[l + 1] = g;
  }
  return out;
}

/** Recurrence coefficients G_{ℓ+1} = A_ℓ t G_ℓ - B_ℓ G_{ℓ-1}, for evaluating many points fast. */
export interface GegenbauerRecurrence {
  d: number;
  lmax: number;
  A: Float64Array;
  B: Float64Array;
}

export function gegenbauerRecurrence(d: number, lmax: number): GegenbauerRecurrence {
  const A = new Float64Array(lmax + 1);
  const B = new Float64Array(lmax + 1);
  for (let l = 1; l < lmax; l++) {
    A[l] = (2 * l + d - 2) / (l + d - 2);
    B[l] = l / (l + d - 2);
  }
  return { d, lmax, A, B };
}

/** Same values as {@link gegenbauerAll} (to rounding), without a division per step. */
export function gegenbauerAllFast(rec: GegenbauerRecurrence, t: number, out: Float64Array): Float64Array {
  const { lmax, A, B } = rec;
  out[0] = 1;
  if (lmax >= 1) out[1] = t;
  let gm = 1;
  let g = t;
  for (let l = 1; l < lmax; l++) {
    const gn = A[l] * t * g - B[l] * gm;
    gm = g;
    g = gn;
    out[l + 1] = g;
  }
  return out;
}

/** G_ℓ(t) for one ℓ. */
export function gegenbauer(d: number, l: number, t: number): number {
  if (l === 0) return 1;
  let gm = 1;
  let g = t;
  for (let k = 1; k < l; k++) {
    const gn = ((2 * k + d - 2) * t * g - k * gm) / (k + d - 2);
    gm = g;
    g = gn;
  }
  return g;
}

/** N(d, ℓ) = (2ℓ + d - 2)/ℓ · C(ℓ + d - 3, ℓ - 1), the dimension of degree-ℓ harmonics on S^{d-1}. */
export function harmonicDimension(d: number, l: number): number {
  if (l === 0) return 1;
  if (d === 2) return 2;
  // C(ℓ + d - 3, d - 2) = Π_{k=1}^{d-2} (ℓ - 1 + k)/k
  let c = 1;
  for (let k = 1; k <= d - 2; k++) c = (c * (l - 1 + k)) / k;
  return ((2 * l + d - 2) * c) / l;
}

/** |S^{d-1}| = 2 π^{d/2} / Γ(d/2). */
export function sphereArea(d: number): number {
  return Math.exp(Math.log(2) + (d / 2) * Math.log(Math.PI) - lgammaHalfInt(d / 2));
}

/**
 * c_d with t = <x, e> ~ c_d (1 - t²)^{(d-3)/2} dt for x uniform on S^{d-1}:
 * c_d = Γ(d/2) / (√π Γ((d-1)/2)). Then ∫ G_ℓ² c_d (1-t²)^{(d-3)/2} dt = 1/N(d, ℓ).
 */
export function projectionConstant(d: number): number {
  return Math.exp(lgammaHalfInt(d / 2) - 0.5 * Math.log(Math.PI) - lgammaHalfInt((d - 1) / 2));
}
