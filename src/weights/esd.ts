/**
 * The empirical spectral density of a weight matrix: the eigenvalues λ_i = σ_i² of W (those of
 * the smaller Gram matrix, WᵀW or WWᵀ), ascending, not divided by N.
 */
import type { Backend, ResolvedBackend } from '../backend.js';
import { eigh } from '../linalg/eigh.js';
import { gram } from '../linalg/gemm.js';
import { gemmF64 } from '../linalg/cpu/gemm.js';
import type { MatrixView } from './matrices.js';

/** Doubles in one transposed block of the Gram accumulation (32 MiB). */
const GRAM_BLOCK_DOUBLES = 1 << 22;
/** Column panels of the lower triangle: 8 panels do ~56 % of the full product's work. */
const GRAM_PANELS = 8;

/**
 * Float64 Gram matrix of the smaller side (WᵀW for a tall W, WWᵀ for a wide one), straight from
 * the stored float32 or float64 values. The long side is taken in blocks, each copied once as a
 * size × b block Bᵀ (size = the small side); the lower triangle of BᵀB is accumulated panel by
 * panel with the WebAssembly product, then mirrored. Working memory: size² doubles for the
 * result plus at most 32 MiB for the block.
 */
export function smallGramF64(w: MatrixView, blockDoubles = GRAM_BLOCK_DOUBLES): { g: Float64Array; size: number } {
  const { rows, cols, data } = w;
  const tall = rows >= cols;
  const size = tall ? cols : rows, long = tall ? rows : cols;
  const g = new Float64Array(size * size);
  const bmax = Math.min(long, Math.max(16, Math.min(4096, Math.floor(blockDoubles / size))));
  const bt = new Float64Array(size * bmax);
  const pw = Math.max(32, Math.ceil(size / GRAM_PANELS));
  const tmp = new Float64Array(size * Math.min(pw, size));
  for (let b0 = 0; b0 < long; b0 += bmax) {
    const b = Math.min(bmax, long - b0);
    if (tall) {
      for (let t = 0; t < b; t++) {
        const o = (b0 + t) * cols;
        for (let j = 0; j < size; j++) bt[j * b + t] = data[o + j];
      }
    } else {
      for (let i = 0; i < size; i++) {
        const o = i * cols + b0;
        for (let t = 0; t < b; t++) bt[i * b + t] = data[o + t];
      }
    }
    for (let j0 = 0; j0 < size; j0 += pw) {
      const n = Math.min(size, j0 + pw) - j0, m = size - j0;
      // Rows j0.. of Bᵀ times the panel's rows transposed: G[j0:, j0:j0+n] for this block.
      gemmF64(m, n, b, 1, bt, j0 * b, false, bt, j0 * b, true, 0, tmp, 0);
      for (let i = 0; i < m; i++) {
        const gi = (j0 + i) * size + j0, ti = i * n;
        for (let j = 0; j < n; j++) g[gi + j] += tmp[ti + j];
      }
    }
  }
  for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) g[j * size + i] = g[i * size + j];
  return { g, size };
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
