/**
 * The one float64 matrix product of the CPU twins: C = alpha·op(A)·op(B) + beta·C, row-major.
 * Operands are copied (scaled, transposed as needed) into a WebAssembly work space and
 * multiplied there by the SIMD kernel gemmRows with L2 blocking; where WebAssembly is missing,
 * the same blocking drives its TypeScript twin. The copies are O(mk + kn + mn) against the
 * product's O(mnk).
 */
import { gemmBlocked, gemmRowsJs, wasmGemm } from './block-reflectors.js';
import type { KernelChoice } from './steps.js';
import { wasmSpace } from './wasm-kernels.js';

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
  const size = m * k + k * n + m * n;
  const space = kernel === 'js' ? null : wasmSpace(size);
  if (kernel === 'wasm' && !space) throw new Error('matmulF64: WebAssembly SIMD kernels are unavailable here');
  const buf = space ? space.f64 : new Float64Array(size);
  try {
    const Ab = buf.subarray(0, m * k);
    const Bb = buf.subarray(m * k, m * k + k * n);
    const Cb = buf.subarray(m * k + k * n, size);
    load(Ab, A, m, k, alpha);
    load(Bb, B, k, n, 1);
    const c = C.subarray(cOff, cOff + m * n);
    if (beta === 0) Cb.fill(0);
    else if (beta === 1) Cb.set(c);
    else for (let i = 0; i < m * n; i++) Cb[i] = beta * c[i];
    if (alpha !== 0 && k > 0) gemmBlocked(space ? wasmGemm(space) : gemmRowsJs, m, n, k, Ab, 0, k, Bb, 0, n, Cb, 0, n);
    c.set(Cb);
  } finally {
    space?.release();
  }
}

/** dst (rows×cols, row-major) = scale·op(X). */
function load(dst: Float64Array, x: MatmulOperand, rows: number, cols: number, scale: number): void {
  const { data, offset = 0, trans = false } = x;
  if (trans) {
    for (let j = 0; j < cols; j++) {
      const src = offset + j * rows;
      for (let i = 0; i < rows; i++) dst[i * cols + j] = scale * data[src + i];
    }
  } else if (scale === 1 && data instanceof Float64Array) {
    dst.set(data.subarray(offset, offset + rows * cols));
  } else {
    for (let i = 0; i < rows * cols; i++) dst[i] = scale * data[offset + i];
  }
}
