/**
 * The empirical spectral density of a weight matrix: the eigenvalues λ_i = σ_i² of W (those of
 * the smaller Gram matrix, WᵀW or WWᵀ), ascending, not divided by N.
 */
import type { Backend, ResolvedBackend } from '../backend.js';
import { eigh } from '../linalg/eigh.js';
import { gram } from '../linalg/gemm.js';
import { gemmF64 } from '../linalg/cpu/gemm.js';
import type { MatrixView } from './matrices.js';

/** Rows per block of the float64 Gram accumulation: bounds the working copy for tall matrices. */
const GRAM_BLOCK_ROWS = 2048;

/**
 * Float64 Gram matrix of the smaller side, accumulated block by block straight from the
 * stored (float32 or float64) values: min(r, c)² doubles plus the product's work space.
 */
export function smallGramF64(w: MatrixView): { g: Float64Array; size: number } {
  const { rows, cols, data } = w;
  if (rows >= cols) {
    const g = new Float64Array(cols * cols);
    for (let r0 = 0; r0 < rows; r0 += GRAM_BLOCK_ROWS) {
      const b = Math.min(GRAM_BLOCK_ROWS, rows - r0);
      gemmF64(cols, cols, b, 1, data, r0 * cols, true, data, r0 * cols, false, r0 === 0 ? 0 : 1, g, 0);
    }
    return { g, size: cols };
  }
  const g = new Float64Array(rows * rows);
  gemmF64(rows, rows, cols, 1, data, 0, false, data, 0, true, 0, g, 0);
  return { g, size: rows };
}

/**
 * Eigenvalues σ_i² of W, ascending (min(rows, cols) of them). 'cpu': float64 Gram and the
 * float64 eigensolver, absolute error ~1e-15·λ_max. 'webgpu': float32 Gram and eigensolver,
 * absolute error ~1e-5·λ_max (small eigenvalues relative to λ_max lose accuracy there).
 * Rounding can leave a zero eigenvalue slightly negative: values are clipped at 0.
 */
export async function matrixEigenvalues(
  w: MatrixView,
  backend: ResolvedBackend,
  signal?: AbortSignal,
): Promise<Float64Array> {
  let g: Float64Array, size: number;
  if (backend === 'cpu') ({ g, size } = smallGramF64(w));
  else {
    const side = w.rows >= w.cols ? 'AtA' : 'AAt';
    const r = await gram(w.data, w.rows, w.cols, { backend: 'webgpu' as Backend, side });
    g = r.g;
    size = r.size;
  }
  const { values } = await eigh(g, size, { backend, signal });
  for (let i = 0; i < values.length; i++) if (values[i] < 0) values[i] = 0;
  return values;
}
