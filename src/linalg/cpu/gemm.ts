/**
 * Float64 matrix products on the CPU: C = alpha·op(A)·op(B) + beta·C, row-major, batched
 * (through matmulF64, the WebAssembly SIMD product), and symmetric Gram matrices.
 */
import { matmulF64 } from './matmul-f64.js';

/**
 * One product. `a` holds op(A) as m×k (transA: stored k×m), `b` holds op(B) as k×n
 * (transB: stored n×k). Offsets let batched callers address slices without copying.
 */
export function gemmF64(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: ArrayLike<number>,
  aOff: number,
  transA: boolean,
  b: ArrayLike<number>,
  bOff: number,
  transB: boolean,
  beta: number,
  c: Float64Array,
  cOff: number,
): void {
  matmulF64(m, n, k, alpha, { data: a, offset: aOff, trans: transA }, { data: b, offset: bOff, trans: transB }, beta, c, cOff);
}

/**
 * Gram matrix in float64: AᵀA (n×n) when `side` is 'AtA', AAᵀ (m×m) when 'AAt', for a
 * row-major m×n `a`. Only the lower triangle is accumulated, then mirrored, so the result is
 * exactly symmetric.
 */
export function gramF64(a: ArrayLike<number>, m: number, n: number, side: 'AtA' | 'AAt'): Float64Array {
  // Both cases become "rows dotted with rows": AᵀA is the row Gram of Aᵀ.
  let rows: Float64Array;
  let r: number;
  let len: number;
  if (side === 'AAt') {
    rows = a instanceof Float64Array ? a : Float64Array.from(a as ArrayLike<number>);
    r = m;
    len = n;
  } else {
    rows = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) rows[j * m + i] = a[i * n + j];
    r = n;
    len = m;
  }
  const g = new Float64Array(r * r);
  const BL = 64; // 64 rows × len doubles of the "j" block stay in cache while i streams
  for (let jj = 0; jj < r; jj += BL) {
    const je = Math.min(r, jj + BL);
    for (let i = jj; i < r; i++) {
      const oi = i * len;
      const jmax = Math.min(je, i + 1);
      for (let j = jj; j < jmax; j++) {
        const oj = j * len;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let p = 0;
        for (; p + 3 < len; p += 4) {
          s0 += rows[oi + p] * rows[oj + p];
          s1 += rows[oi + p + 1] * rows[oj + p + 1];
          s2 += rows[oi + p + 2] * rows[oj + p + 2];
          s3 += rows[oi + p + 3] * rows[oj + p + 3];
        }
        for (; p < len; p++) s0 += rows[oi + p] * rows[oj + p];
        const s = s0 + s1 + (s2 + s3);
        g[i * r + j] = s;
        g[j * r + i] = s;
      }
    }
  }
  return g;
}
