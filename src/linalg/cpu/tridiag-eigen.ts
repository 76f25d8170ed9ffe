/**
 * Float64 symmetric tridiagonal eigensolver: eigenvalues by implicit QL with Wilkinson-type
 * shifts (O(n²)), eigenvectors of selected eigenvalues by inverse iteration with
 * re-orthogonalisation inside clusters (LAPACK dstein's strategy, O(n²) for separated
 * spectra). Cheaper than accumulating QL rotations (≈ 6n³ flops) and lets callers ask for a
 * few vectors only (top-k singular vectors).
 */
import { NnspectraError } from '../../errors.js';

const EPS = 2.220446049250313e-16;

/** √(a² + b²): plain sqrt when the squares cannot overflow or underflow (Math.hypot is slow). */
function hyp(a: number, b: number): number {
  const s = a * a + b * b;
  return s < 1e300 && s > 1e-300 ? Math.sqrt(s) : Math.hypot(a, b);
}

/** Eigenvalues of the unreduced tridiagonal block d[lo..hi], e[lo..hi-1] (implicit QL). */
function qlValues(d0: Float64Array, e0: Float64Array, lo: number, hi: number): Float64Array {
  const m = hi - lo + 1;
  const d = d0.slice(lo, hi + 1);
  const e = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) e[i] = e0[lo + i];
  // A purely relative deflation test never fires where neighbouring diagonal entries are both
  // (near) zero, as in the zero-diagonal Golub–Kahan form or rank-deficient spectra; an absolute
  // floor of EPS² ‖T‖ keeps relative accuracy down to EPS ‖T‖ and lets those blocks split.
  let tnorm = 0;
  for (let i = 0; i < m; i++) tnorm = Math.max(tnorm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const floor = EPS * EPS * tnorm;
  // LAPACK's budget (dsteqr): 30 sweeps per eigenvalue on average for the whole block, so a
  // hard eigenvalue may take longer than its share.
  const budget = 30 * m;
  let iter = 0;
  for (let l = 0; l < m; l++) {
    let mm: number;
    do {
      for (mm = l; mm < m - 1; mm++) {
        const dd = Math.abs(d[mm]) + Math.abs(d[mm + 1]);
        if (Math.abs(e[mm]) <= EPS * dd || Math.abs(e[mm]) <= floor) break;
      }
      if (mm !== l) {
        if (iter++ >= budget)
          throw new NnspectraError('NUMERICAL', `tridiagonal QL did not converge in ${budget} iterations (n = ${m})`);
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = hyp(g, 1);
        g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1, c = 1, p = 0;
        let i: number;
        let underflow = false;
        for (i = mm - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = hyp(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[mm] = 0;
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
        }
        if (underflow) continue;
        d[l] -= p;
        e[l] = g;
        e[mm] = 0;
      }
    } while (mm !== l);
  }
  return d;
}

/** Splits at negligible off-diagonals; returns [lo, hi] block bounds and zeroes those e. */
function blocks(d: Float64Array, e: Float64Array): Array<[number, number]> {
  const n = d.length;
  const out: Array<[number, number]> = [];
  let lo = 0;
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(e[i]) <= EPS * (Math.abs(d[i]) + Math.abs(d[i + 1]))) {
      e[i] = 0;
      out.push([lo, i]);
      lo = i + 1;
    }
  }
  out.push([lo, n - 1]);
  return out;
}

export interface TridiagonalEigen {
  /** Ascending eigenvalues (n). */
  values: Float64Array;
  /** Eigenvectors of the wanted eigenvalues as rows (count×n), in `wanted` order. */
  vectorRows?: Float64Array;
}

/**
 * Eigenvalues (ascending) of the symmetric tridiagonal (d, e), and eigenvectors for the
 * indices `wanted` into the ascending list (all when `wanted` is 'all').
 */
export function tridiagonalEigen(
  d: Float64Array,
  eIn: Float64Array,
  wanted: 'none' | 'all' | number[],
): TridiagonalEigen {
  const n = d.length;
  const e = eIn.slice();
  const bl = blocks(d, e);
  const vals = new Float64Array(n);
  const owner = new Int32Array(n);
  let at = 0;
  bl.forEach(([lo, hi], b) => {
    const v = lo === hi ? Float64Array.of(d[lo]) : qlValues(d, e, lo, hi);
    v.sort();
    for (let i = 0; i < v.length; i++) {
      vals[at] = v[i];
      owner[at++] = b;
    }
  });
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => vals[x] - vals[y] || x - y);
  const values = Float64Array.from(order, (i) => vals[i]);
  if (wanted === 'none') return { values };
  const idx = wanted === 'all' ? order.map((_, i) => i) : wanted;
  const rows = new Float64Array(idx.length * n);
  // Group the wanted eigenvalues by block; within a block, ascending.
  const perBlock = new Map<number, Array<{ out: number; lambda: number }>>();
  idx.forEach((k, out) => {
    const b = owner[order[k]];
    let list = perBlock.get(b);
    if (!list) perBlock.set(b, (list = []));
    list.push({ out, lambda: values[k] });
  });
  for (const [b, list] of perBlock) {
    list.sort((x, y) => x.lambda - y.lambda);
    const [lo, hi] = bl[b];
    inverseIteration(d, e, lo, hi, list, rows, n);
  }
  return { values, vectorRows: rows };
}

/** dstein-style inverse iteration on block [lo, hi] for ascending eigenvalues `list`. */
function inverseIteration(
  d: Float64Array,
  e: Float64Array,
  lo: number,
  hi: number,
  list: Array<{ out: number; lambda: number }>,
  rows: Float64Array,
  n: number,
): void {
  const m = hi - lo + 1;
  if (m === 1) {
    for (const { out } of list) rows[out * n + lo] = 1;
    return;
  }
  let onenrm = Math.abs(d[lo]) + Math.abs(e[lo]);
  onenrm = Math.max(onenrm, Math.abs(d[hi]) + Math.abs(e[hi - 1]));
  for (let i = lo + 1; i < hi; i++) onenrm = Math.max(onenrm, Math.abs(d[i]) + Math.abs(e[i - 1]) + Math.abs(e[i]));
  const ortol = 1e-3 * onenrm;
  const pivTol = EPS * onenrm || Number.MIN_VALUE;
  const dtpcrt = Math.sqrt(0.1 / m);
  const u0 = new Float64Array(m), u1 = new Float64Array(m), u2 = new Float64Array(m), lm = new Float64Array(m);
  const r0 = new Float64Array(m);
  const piv = new Uint8Array(m);
  const x = new Float64Array(m);
  let seed = 0x9e3779b9 ^ (lo * 2654435761);
  const rand = (): number => {
    // xorshift32: a fixed, reproducible starting vector (dstein uses a fixed random one too).
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296 - 0.5;
  };
  let clusterStart = 0;
  let prev = -Infinity;
  for (let j = 0; j < list.length; j++) {
    let lambda = list[j].lambda;
    // Re-orthogonalise only against vectors whose eigenvalues lie within ortol of this one: a
    // window, not dstein's chained cluster, which on dense spectra grows to O(n) vectors and
    // makes the solver O(n³). Beyond ortol the gap alone keeps inverse-iteration vectors
    // orthogonal to ~ε·‖T‖/ortol = 1e3·ε.
    while (clusterStart < j && lambda - list[clusterStart].lambda > ortol) clusterStart++;
    // Coincident shifts would give identical iterates: nudge them apart (dstein's pertol).
    const pertol = 10 * EPS * Math.max(Math.abs(lambda), onenrm * 1e-3);
    if (j > clusterStart && lambda - prev < pertol) lambda = prev + pertol;
    prev = lambda;
    factor(d, e, lo, m, lambda, u0, u1, u2, lm, piv, pivTol);
    // Reciprocal pivots: the back substitution is a dependency chain, and a multiply is ~4x
    // shorter than a divide on it.
    for (let i = 0; i < m; i++) r0[i] = 1 / u0[i];
    // Scale so the solve cannot overflow (|x|_1 bounded by the pivot tolerance); the iterate
    // is only normalised at the end (the scaling makes each step scale-free).
    const c1 = m * onenrm * Math.max(EPS, Math.abs(u0[m - 1]));
    let s1 = 0;
    for (let i = 0; i < m; i++) {
      x[i] = rand();
      s1 += Math.abs(x[i]);
    }
    let extra = 0;
    for (let it = 0; it < 8; it++) {
      const sc = c1 / s1;
      for (let i = 0; i < m; i++) x[i] *= sc;
      solve(m, r0, u1, u2, lm, piv, x);
      for (let c = clusterStart; c < j; c++) {
        const ro = list[c].out * n + lo;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += x[i] * rows[ro + i];
        for (let i = 0; i < m; i++) x[i] -= dot * rows[ro + i];
      }
      let mx = 0;
      let nrm2 = 0;
      s1 = 0;
      for (let i = 0; i < m; i++) {
        const a = Math.abs(x[i]);
        mx = Math.max(mx, a);
        nrm2 += a * a;
        s1 += a;
      }
      if (mx >= dtpcrt * Math.sqrt(nrm2) || it >= 5) {
        extra++;
        if (extra >= 2) break;
      }
    }
    const ro = list[j].out * n + lo;
    let nrm2 = 0;
    for (let i = 0; i < m; i++) nrm2 += x[i] * x[i];
    const inv = 1 / Math.sqrt(nrm2);
    // Sign convention: largest component positive (reproducible across backends).
    let big = 0;
    for (let i = 1; i < m; i++) if (Math.abs(x[i]) > Math.abs(x[big]) * (1 + 1e-12)) big = i;
    const sgn = x[big] < 0 ? -inv : inv;
    for (let i = 0; i < m; i++) rows[ro + i] = x[i] * sgn;
  }
}

/** LU with partial pivoting of T - λI (dlagtf); tiny pivots are raised to ±pivTol. */
function factor(
  d: Float64Array,
  e: Float64Array,
  lo: number,
  m: number,
  lambda: number,
  u0: Float64Array,
  u1: Float64Array,
  u2: Float64Array,
  lm: Float64Array,
  piv: Uint8Array,
  pivTol: number,
): void {
  let a = d[lo] - lambda;
  let c = e[lo];
  for (let i = 0; i < m - 1; i++) {
    const b = e[lo + i];
    const aNext = d[lo + i + 1] - lambda;
    const cNext = i + 1 < m - 1 ? e[lo + i + 1] : 0;
    if (Math.abs(a) >= Math.abs(b)) {
      piv[i] = 0;
      if (Math.abs(a) < pivTol) a = a < 0 ? -pivTol : pivTol;
      const l = b / a;
      lm[i] = l;
      u0[i] = a;
      u1[i] = c;
      u2[i] = 0;
      a = aNext - l * c;
      c = cNext;
    } else {
      piv[i] = 1;
      const l = a / b;
      lm[i] = l;
      u0[i] = b;
      u1[i] = aNext;
      u2[i] = cNext;
      a = c - l * aNext;
      c = -l * cNext;
    }
  }
  if (Math.abs(a) < pivTol) a = a < 0 ? -pivTol : pivTol;
  u0[m - 1] = a;
}

/** Solves (T - λI)·x = y in place from factor()'s LU; r0 holds the reciprocal pivots. */
function solve(
  m: number,
  r0: Float64Array,
  u1: Float64Array,
  u2: Float64Array,
  lm: Float64Array,
  piv: Uint8Array,
  y: Float64Array,
): void {
  for (let i = 0; i < m - 1; i++) {
    if (piv[i]) {
      const t = y[i];
      y[i] = y[i + 1];
      y[i + 1] = t;
    }
    y[i + 1] -= lm[i] * y[i];
  }
  y[m - 1] *= r0[m - 1];
  if (m > 1) y[m - 2] = (y[m - 2] - u1[m - 2] * y[m - 1]) * r0[m - 2];
  for (let i = m - 3; i >= 0; i--) y[i] = (y[i] - u1[i] * y[i + 1] - u2[i] * y[i + 2]) * r0[i];
}
