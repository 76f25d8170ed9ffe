/**
 * The S² sampling grid: Gauss–Legendre in cos θ (lmax + 1 rings) × equiangular in φ
 * (2 lmax + 2 points per ring). Quadrature with it integrates every polynomial of degree
 * ≤ 2 lmax + 1 exactly, so the analysis of a field band-limited to lmax is exact.
 */
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

const cache = new Map<number, SphereGrid>();

export function sphereGrid(lmax: number): SphereGrid {
  const hit = cache.get(lmax);
  if (hit) return hit;
  const nlat = lmax + 1;
  const nlon = 2 * lmax + 2;
  const { x, w } = gaussLegendre(nlat);
  const phi = new Float64Array(nlon);
  for (let i = 0; i < nlon; i++) phi[i] = (2 * Math.PI * i) / nlon;
  const g = { lmax, nlat, nlon, x, w, phi };
  cache.set(lmax, g);
  return g;
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
