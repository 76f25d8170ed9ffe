/**
 * Eigenvalues of a symmetric tridiagonal matrix by bisection on Sturm counts: the float64 twin
 * of shaders/linalg/bisect.wgsl, which the GPU eigensolver runs when only values are wanted
 * (every eigenvalue is an independent search, one GPU thread each; on a CPU the QL iteration of
 * tridiag-eigen.ts is faster and stays the CPU path).
 */

/** LAPACK's pivmin for ‖T‖ = 1: the smallest normal float64. */
const PIVMIN = 2.2250738585072014e-308;
const EPS = 1.1102230246251565e-16;

/** Number of eigenvalues of T/scale below x: the negative pivots of LDLᵀ of T/scale - x. */
export function countBelow(d: ArrayLike<number>, e: ArrayLike<number>, x: number, inv = 1): number {
  const n = d.length;
  let q = d[0] * inv - x;
  if (Math.abs(q) < PIVMIN) q = -PIVMIN;
  let c = q < 0 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    const ei = e[i - 1] * inv;
    q = d[i] * inv - x - (ei * ei) / q;
    if (Math.abs(q) < PIVMIN) q = -PIVMIN;
    if (q < 0) c++;
  }
  return c;
}

/**
 * All eigenvalues, ascending, of the symmetric tridiagonal (d, e): T is scaled by its largest
 * Gershgorin row sum so that they lie in [-1, 1], then eigenvalue j is bisected until its
 * bracket is two ulps wide.
 */
export function bisectionEigenvalues(d: ArrayLike<number>, e: ArrayLike<number>): Float64Array {
  const n = d.length;
  const out = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i + 1 < n ? Math.abs(e[i]) : 0);
    scale = Math.max(scale, r);
  }
  if (scale === 0) return out;
  const inv = 1 / scale;
  for (let j = 0; j < n; j++) {
    let lo = -1 - 8 * EPS;
    let hi = 1 + 8 * EPS;
    for (let it = 0; it < 160; it++) {
      const mid = 0.5 * (lo + hi);
      if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) + 1e-300 || mid <= lo || mid >= hi) break;
      if (countBelow(d, e, mid, inv) <= j) lo = mid;
      else hi = mid;
    }
    out[j] = 0.5 * (lo + hi) * scale;
  }
  return out;
}
