/**
 * Y = φ(W A + b) in float64 for the CPU twin: W [rows × cols], A [cols × M], Y [rows × M],
 * all row-major. The product is matmulF64 (WebAssembly SIMD); bias and activation follow in
 * one pass over Y, a 1/cols fraction of the work.
 */
import { matmulF64 } from '../linalg/cpu/matmul-f64.js';

export function gemmBiasAct(
  W: Float64Array,
  b: Float64Array,
  A: Float64Array,
  Y: Float64Array,
  rows: number,
  cols: number,
  M: number,
  phi: ((x: number) => number) | null,
): void {
  matmulF64(rows, M, cols, 1, { data: W }, { data: A }, 0, Y);
  for (let r = 0; r < rows; r++) {
    const bias = b[r];
    const o = r * M;
    if (phi) for (let p = 0; p < M; p++) Y[o + p] = phi(Y[o + p] + bias);
    else for (let p = 0; p < M; p++) Y[o + p] += bias;
  }
}
