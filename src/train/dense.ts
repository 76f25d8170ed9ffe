/**
 * Float64 dense products of the CPU twin, row-major. The loop orders keep the innermost loop
 * contiguous in memory; four independent accumulators (mulABt) or four fused rank-one updates
 * (mulAtB, mulAB) cut the loads and stores per multiply-add, which is what makes plain
 * JavaScript matmuls tolerable (about 2x over the naive loops here).
 */

/** C[m×n] = alpha · A[m×k] · B[n×k]ᵀ. */
export function mulABt(A: Float64Array, B: Float64Array, m: number, k: number, n: number, alpha = 1, C = new Float64Array(m * n)): Float64Array {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        s0 += A[ai + p] * B[bj + p];
        s1 += A[ai + p + 1] * B[bj + p + 1];
        s2 += A[ai + p + 2] * B[bj + p + 2];
        s3 += A[ai + p + 3] * B[bj + p + 3];
      }
      for (; p < k; p++) s0 += A[ai + p] * B[bj + p];
      C[i * n + j] = alpha * (s0 + s1 + s2 + s3);
    }
  }
  return C;
}

/** C[rows×n] += Σ_t coef_t · B[row_t, :] for four rows at a time: rows of B are n long. */
function axpy4(C: Float64Array, ci: number, n: number, a0: number, a1: number, a2: number, a3: number, B: Float64Array, b0: number, b1: number, b2: number, b3: number): void {
  for (let j = 0; j < n; j++) C[ci + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
}

/** C[k×n] = alpha · A[m×k]ᵀ · B[m×n]. */
export function mulAtB(A: Float64Array, B: Float64Array, m: number, k: number, n: number, alpha = 1, C = new Float64Array(k * n)): Float64Array {
  C.fill(0);
  let r = 0;
  for (; r + 3 < m; r += 4) {
    for (let i = 0; i < k; i++) {
      const a0 = A[r * k + i], a1 = A[(r + 1) * k + i], a2 = A[(r + 2) * k + i], a3 = A[(r + 3) * k + i];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      axpy4(C, i * n, n, a0, a1, a2, a3, B, r * n, (r + 1) * n, (r + 2) * n, (r + 3) * n);
    }
  }
  for (; r < m; r++) {
    for (let i = 0; i < k; i++) {
      const a = A[r * k + i];
      if (a === 0) continue;
      const ci = i * n;
      const br = r * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[br + j];
    }
  }
  if (alpha !== 1) for (let i = 0; i < C.length; i++) C[i] *= alpha;
  return C;
}

/** C[m×n] = alpha · A[m×k] · B[k×n]. */
export function mulAB(A: Float64Array, B: Float64Array, m: number, k: number, n: number, alpha = 1, C = new Float64Array(m * n)): Float64Array {
  C.fill(0);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = A[ai + p], a1 = A[ai + p + 1], a2 = A[ai + p + 2], a3 = A[ai + p + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      axpy4(C, ci, n, a0, a1, a2, a3, B, p * n, (p + 1) * n, (p + 2) * n, (p + 3) * n);
    }
    for (; p < k; p++) {
      const a = A[ai + p];
      if (a === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
  if (alpha !== 1) for (let i = 0; i < C.length; i++) C[i] *= alpha;
  return C;
}
