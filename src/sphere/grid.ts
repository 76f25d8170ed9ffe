/**
 * The S² sampling grid: Gauss–Legendre in cos θ (lmax + 1 rings) × equiangular in φ
 * (nlon points per ring, 2 lmax + 2 unless chosen; any nlon > 2 lmax works). Quadrature with
 * it integrates every polynomial of degree ≤ 2 lmax + 1 exactly, so the analysis of a field
 * band-limited to lmax is exact.
 */
import { invalidParam } from '../errors.js';
import { gaussLegendre } from './quadrature.js';

export interface SphereGrid {
  lmax: number;
  nlat: number;
  nlon: number;
  /** cos θ_j of each ring (ascending). */
  x: Float64Array;
  /** Gauss–Legendre weight of each ring (sums to 2). */
  w: Float64Array;
  /** φ_i = 2π i / nlon. */
  phi: Float64Array;
}

const cache = new Map<string, SphereGrid>();

/**
 * The grid for band limit `lmax` with `nlon` points per ring (default 2 lmax + 2; see
 * {@link smoothRingLength} for a length the ring FFT handles fastest).
 */
export function sphereGrid(lmax: number, nlon = 2 * lmax + 2): SphereGrid {
  const key = `${lmax}|${nlon}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!Number.isInteger(nlon) || nlon <= 2 * lmax) invalidParam('nlon', `an integer > 2·lmax = ${2 * lmax}`, nlon);
  const nlat = lmax + 1;
  const { x, w } = gaussLegendre(nlat);
  const phi = new Float64Array(nlon);
  for (let i = 0; i < nlon; i++) phi[i] = (2 * Math.PI * i) / nlon;
  const g = { lmax, nlat, nlon, x, w, phi };
  cache.set(key, g);
  return g;
}

/** The smallest even 2^a·3^b·5^c ≥ 2 lmax + 2: a ring length whose FFT has only radices 2–5. */
export function smoothRingLength(lmax: number): number {
  for (let n = 2 * lmax + 2; ; n += 2) {
    let r = n;
    for (const p of [2, 3, 5]) while (r % p === 0) r /= p;
    if (r === 1) return n;
  }
}

/** Grid points as unit vectors, ring-major (point p = j * nlon + i), row-major [M × 3]. */
export function gridPoints(g: SphereGrid): Float64Array {
  const out = new Float64Array(g.nlat * g.nlon * 3);
  for (let j = 0; j < g.nlat; j++) {
    const z = g.x[j];
    const s = Math.sqrt(Math.max(0, 1 - z * z));
    for (let i = 0; i < g.nlon; i++) {
      const p = (j * g.nlon + i) * 3;
      out[p] = s * Math.cos(g.phi[i]);
      out[p + 1] = s * Math.sin(g.phi[i]);
      out[p + 2] = z;
    }
  }
  return out;
}

/** ∫_{S²} f dΩ by the grid quadrature, for f given ring-major on the grid. */
export function gridIntegrate(g: SphereGrid, f: ArrayLike<number>, offset = 0): number {
  let s = 0;
  for (let j = 0; j < g.nlat; j++) {
    let r = 0;
    for (let i = 0; i < g.nlon; i++) r += f[offset + j * g.nlon + i];
    s += g.w[j] * r;
  }
  return (s * 2 * Math.PI) / g.nlon;
}
