/**
 * The one float64 matrix product of the CPU twins: C = alpha·op(A)·op(B) + beta·C, row-major.
 * Operands are copied (scaled, transposed as needed) into a WebAssembly work space and
 * multiplied there by the SIMD kernel gemmRows with L2 blocking; where WebAssembly is missing,
 * the same blocking drives its TypeScript twin. The copies are O(mk + kn + mn) against the
 * product's O(mnk).
 */
import { gemmBlocked, rowGemm } from './block-reflectors.js';
import type { KernelChoice } from './steps.js';
import { workSpace } from './wasm-kernels.js';

export interface MatmulOperand {
  data: ArrayLike<number>;
  /** Element offset of the stored matrix in `data` (default 0). */
  offset?: number;
  /** Stored transposed: op(X) = Xᵀ (default false). */
  trans?: boolean;
}

/**
 * C[cOff..cOff + m·n) = alpha·op(A)·op(B) + beta·C, with op(A) m×k and op(B) k×n. A stored
 * untransposed is m×k, transposed k×m (likewise B). beta = 0 ignores C's old contents (NaN
 * included), as BLAS does.
 */
export function matmulF64(
  m: number, n: number, k: number,
  alpha: number, A: MatmulOperand, B: MatmulOperand,
  beta: number, C: Float64Array, cOff = 0,
  kernel: KernelChoice = 'auto',
): void {
  if (m === 0 || n === 0) return;
  // Columns of B and C go through in chunks that keep the work space near SPACE_TARGET, so
  // wide products (a layer over thousands of points) reuse one kept space.
  const nc = Math.min(n, Math.max(256, Math.floor((SPACE_TARGET - m * k) / (k + m))));
  const size = m * k + k * nc + m * nc;
  const { buf, space, release } = workSpace(size, kernel, 'matmulF64');
  try {
    const Ab = buf.subarray(0, m * k);
    load(Ab, A, m, k, alpha, 0, k);
    const gemm = rowGemm(space);
    for (let j0 = 0; j0 < n; j0 += nc) {
      const w = Math.min(nc, n - j0);
      const Bb = buf.subarray(m * k, m * k + k * w);
      const Cb = buf.subarray(m * k + k * w, m * k + k * w + m * w);
      load(Bb, B, k, n, 1, j0, w);
      for (let i = 0; i < m; i++) {
        const c = C.subarray(cOff + i * n + j0, cOff + i * n + j0 + w);
        const row = Cb.subarray(i * w, (i + 1) * w);
        if (beta === 0) row.fill(0);
        else if (beta === 1) row.set(c);
        else for (let j = 0; j < w; j++) row[j] = beta * c[j];
      }
      if (alpha !== 0 && k > 0) gemmBlocked(gemm, m, w, k, Ab, 0, k, Bb, 0, w, Cb, 0, w);
      for (let i = 0; i < m; i++) C.set(Cb.subarray(i * w, (i + 1) * w), cOff + i * n + j0);
    }
  } finally {
    release();
  }
}

/** Float64s a product's work space aims at (32 MiB): below the size wasmSpace keeps. */
const SPACE_TARGET = 4 * 2 ** 20;

/** dst (rows × w, row-major) = scale·op(X)[:, j0..j0+w) for op(X) rows × cols. */
function load(dst: Float64Array, x: MatmulOperand, rows: number, cols: number, scale: number, j0: number, w: number): void {
  const { data, offset = 0, trans = false } = x;
  if (trans) {
    // Stored cols × rows: op(X)[i][j] = X[j][i].
    for (let j = 0; j < w; j++) {
      const src = offset + (j0 + j) * rows;
      for (let i = 0; i < rows; i++) dst[i * w + j] = scale * data[src + i];
    }
  } else if (scale === 1 && data instanceof Float64Array) {
    for (let i = 0; i < rows; i++) dst.set(data.subarray(offset + i * cols + j0, offset + i * cols + j0 + w), i * w);
  } else {
    for (let i = 0; i < rows; i++) for (let j = 0; j < w; j++) dst[i * w + j] = scale * data[offset + i * cols + j0 + j];
  }
}
