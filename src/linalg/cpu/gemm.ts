/**
 * Float64 matrix products on the CPU: C = alpha·op(A)·op(B) + beta·C, row-major, batched.
 * Blocked over k and j so that a panel of B stays in L2 while the rows of A stream through,
 * and unrolled by 4 over k so each row of C is loaded and stored once per 4 updates.
 */

const KC = 128;
const NC = 256;

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
  // op(B) as a contiguous k×n panel source: transposed inputs are copied once (O(kn)).
  let bb: ArrayLike<number> = b;
  let bo = bOff;
  if (transB) {
    const t = new Float64Array(k * n);
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) t[p * n + j] = b[bOff + j * k + p];
    bb = t;
    bo = 0;
  } else if (!(b instanceof Float64Array)) {
    bb = Float64Array.from({ length: k * n }, (_, i) => b[bOff + i]);
    bo = 0;
  }
  const B = bb as Float64Array;
  for (let i = 0; i < m; i++) {
    const r = cOff + i * n;
    if (beta === 0) c.fill(0, r, r + n);
    else if (beta !== 1) for (let j = 0; j < n; j++) c[r + j] *= beta;
  }
  if (alpha === 0 || k === 0) return;
  const arow = new Float64Array(k);
  for (let jj = 0; jj < n; jj += NC) {
    const je = Math.min(n, jj + NC);
    for (let pp = 0; pp < k; pp += KC) {
      const pe = Math.min(k, pp + KC);
      for (let i = 0; i < m; i++) {
        for (let p = pp; p < pe; p++) arow[p] = alpha * (transA ? a[aOff + p * m + i] : a[aOff + i * k + p]);
        const r = cOff + i * n;
        let p = pp;
        for (; p + 3 < pe; p += 4) {
          const a0 = arow[p], a1 = arow[p + 1], a2 = arow[p + 2], a3 = arow[p + 3];
          const b0 = bo + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
          for (let j = jj; j < je; j++) c[r + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
        }
        for (; p < pe; p++) {
          const a0 = arow[p];
          const b0 = bo + p * n;
          for (let j = jj; j < je; j++) c[r + j] += a0 * B[b0 + j];
        }
      }
    }
  }
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
