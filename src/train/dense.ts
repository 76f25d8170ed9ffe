/**
 * Float64 dense products of the CPU twin, row-major. The loop orders keep the innermost loop
 * contiguous in memory, which is what makes plain JavaScript matmuls tolerable.
 */

/** C[m×n] = alpha · A[m×k] · B[n×k]ᵀ. */
export function mulABt(A: Float64Array, B: Float64Array, m: number, k: number, n: number, alpha = 1, C = new Float64Array(m * n)): Float64Array {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
      C[i * n + j] = alpha * s;
    }
  }
  return C;
}

/** C[k×n] = alpha · A[m×k]ᵀ · B[m×n]. */
export function mulAtB(A: Float64Array, B: Float64Array, m: number, k: number, n: number, alpha = 1, C = new Float64Array(k * n)): Float64Array {
  C.fill(0);
  for (let r = 0; r < m; r++) {
    const ar = r * k;
    const br = r * n;
    for (let i = 0; i < k; i++) {
      const a = A[ar + i];
      if (a === 0) continue;
      const ci = i * n;
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
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      if (a === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
  if (alpha !== 1) for (let i = 0; i < C.length; i++) C[i] *= alpha;
  return C;
}
