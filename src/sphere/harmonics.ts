/** Counting facts about spherical harmonics on S^{d-1}, and uniform random points on it. */
import { normalAt, STREAM_USER } from '../rng/philox.js';

/** Philox stream of the random evaluation points (d ≠ 3). */
export const STREAM_POINTS = STREAM_USER + 8;

/** N(d, ℓ): dimension of the degree-ℓ spherical harmonics on S^{d-1} (2ℓ+1 on S²). */
export function harmonicDimension(d: number, l: number): number {
  if (l === 0) return 1;
  if (d === 2) return 2;
  // (2ℓ+d-2)/ℓ · C(ℓ+d-3, ℓ-1), as a running product to stay exact for moderate sizes.
  let c = 1;
  for (let i = 1; i <= l - 1; i++) c = (c * (d - 2 + i)) / i;
  return ((2 * l + d - 2) / l) * c;
}

/** |S^{d-1}| = 2 π^{d/2} / Γ(d/2). */
export function sphereArea(d: number): number {
  // Γ(d/2) by the half-integer recursion.
  let g = d % 2 === 0 ? 1 : Math.sqrt(Math.PI);
  for (let x = d % 2 === 0 ? 1 : 0.5; x < d / 2; x += 1) g *= x;
  return (2 * Math.PI ** (d / 2)) / g;
}

/** M points uniform on S^{d-1} (normalised Philox normals), row-major [M × d]. */
export function randomSpherePoints(d: number, M: number, seed: number): Float64Array {
  const out = new Float64Array(M * d);
  for (let p = 0; p < M; p++) {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const z = normalAt(seed >>> 0, STREAM_POINTS, c, p, d, 0);
      out[p * d + c] = z;
      s += z * z;
    }
    const r = 1 / Math.sqrt(s);
    for (let c = 0; c < d; c++) out[p * d + c] *= r;
  }
  return out;
}
