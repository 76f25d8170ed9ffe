/**
 * Float64 dense products of the training CPU twin, row-major, in the shapes the engine needs;
 * all run through matmulF64 (the WebAssembly SIMD product of the linear-algebra twin).
 */
import { matmulF64 } from '../linalg/cpu/matmul-f64.js';

/** C[m×n] = alpha · A[m×k] · B[n×k]ᵀ. */
export function mulABt(A: Float64Array, B: Float64Array, m: number, k: number, n: number, alpha = 1, C = new Float64Array(m * n)): Float64Array {
  matmulF64(m, n, k, alpha, { data: A }, { data: B, trans: true }, 0, C);
  return C;
}

/** C[k×n] = alpha · A[m×k]ᵀ · B[m×n]. */
export function mulAtB(A: Float64Array, B: Float64Array, m: number, k: number, n: number, alpha = 1, C = new Float64Array(k * n)): Float64Array {
  matmulF64(k, n, m, alpha, { data: A, trans: true }, { data: B }, 0, C);
  return C;
}

/** C[m×n] = alpha · A[m×k] · B[k×n]. */
export function mulAB(A: Float64Array, B: Float64Array, m: number, k: number, n: number, alpha = 1, C = new Float64Array(m * n)): Float64Array {
  matmulF64(m, n, k, alpha, { data: A }, { data: B }, 0, C);
  return C;
}
