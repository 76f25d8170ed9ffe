/**
 * Blocked application of Householder reflectors in compact WY form (LAPACK's dlarft/dlarfb):
 * NB reflectors at a time as Q_b = I - V·T·Vᵀ, so the update is two matrix products that read
 * each row of the target once per block. The products run in the WebAssembly SIMD kernel
 * gemmRows where available, else in its TypeScript twin.
 */
import type { ReflectorArgs } from './reflector.js';
import { drain, type KernelChoice } from './steps.js';
import { SCRATCH_BYTES, workSpace, type WasmSpace } from './wasm-kernels.js';

/** Block size (default 32), Qᵀ instead of Q, and which kernels run (tests pin them). */
export interface BlockedOptions {
  nb?: number;
  transpose?: boolean;
  kernel?: KernelChoice;
}

/**
 * Same result as applyReflectorsLeft (householder.ts): z <- H_first···H_last·z for the
 * row-major rows×cols z, reflector j stored at vs[j*vStride + row] from row start(j) on.
 */
export function applyReflectorsBlocked(...args: Parameters<typeof applyReflectorsBlockedSteps>): void {
  drain(applyReflectorsBlockedSteps(...args));
}

/**
 * {@link applyReflectorsBlocked} as a generator that yields the reflectors applied so far after
 * each block. With `transpose`, applies Qᵀ = H_last···H_first instead (first reflector first).
 */
export function* applyReflectorsBlockedSteps(
  ...args: [...ReflectorArgs, opts?: BlockedOptions]
): Generator<number, void> {
  const [z, rows, cols, vs, vStride, tau, count, start, opts] = args;
  const { nb = 32, transpose = false, kernel = 'auto' } = opts ?? {};
  if (count <= 0 || cols === 0) return;
  const nBlocks = Math.ceil(count / nb);
  const size = rows * cols + blockScratchSize(rows, cols, nb);
  const { buf, space, release } = workSpace(size, kernel, 'applyReflectorsBlocked');
  try {
    const Z = buf.subarray(0, rows * cols);
    Z.set(z.subarray(0, rows * cols));
    const block = new BlockApplier(buf.subarray(rows * cols, size), space, rows, cols, nb);
    for (let step = 0; step < nBlocks; step++) {
      const j0 = (transpose ? step : nBlocks - 1 - step) * nb;
      const s0 = start(j0);
      if (s0 < rows) {
        block.load(vs, vStride, tau, j0, Math.min(nb, count - j0), s0, rows - s0, start);
        block.apply(Z, s0 * cols, cols, cols, transpose);
      }
      yield Math.min(count, (step + 1) * nb);
    }
    z.set(Z);
  } finally {
    release();
  }
}

/** Float64s of scratch a {@link BlockApplier} needs for up to maxRows × maxCols targets. */
export const blockScratchSize = (maxRows: number, maxCols: number, nb: number): number => 2 * nb * maxRows + 2 * nb * maxCols + 2 * nb * nb;

/**
 * One block of reflectors in compact WY form, applied to row-major targets. Its scratch (and
 * every target) lives in `space` when the WebAssembly kernels run, so they can address it.
 */
export class BlockApplier {
  private readonly Vt: Float64Array;
  private readonly Vn: Float64Array;
  private readonly W: Float64Array;
  private readonly W2: Float64Array;
  private readonly T: Float64Array;
  private readonly Tt: Float64Array;
  private readonly y: Float64Array;
  private readonly gemm: RowGemm;
  private b = 0;
  private rb = 0;

  constructor(scratch: Float64Array, space: WasmSpace | null, maxRows: number, maxCols: number, private readonly nb: number) {
    let o = 0;
    const take = (len: number): Float64Array => scratch.subarray(o, (o += len));
    this.Vt = take(nb * maxRows);
    this.Vn = take(maxRows * nb);
    this.W = take(nb * maxCols);
    this.W2 = take(nb * maxCols);
    this.T = take(nb * nb);
    this.Tt = take(nb * nb);
    this.y = new Float64Array(nb);
    this.gemm = rowGemm(space);
  }

  /**
   * Takes reflectors j0..j0+b-1 (reflector j at vs[j*vStride + s0 + r] for r from
   * start(j) - s0 to rb) and forms T (b×b upper triangular): T[i][i] = tau_i,
   * T[0:i, i] = -tau_i·T[0:i, 0:i]·(Vᵀ v_i)[0:i].
   */
  load(vs: Float64Array, vStride: number, tau: Float64Array, j0: number, b: number, s0: number, rb: number, start: (j: number) => number): void {
    const { Vt, Vn, T, y } = this;
    this.b = b;
    this.rb = rb;
    // V (rb × b) is kept as Vᵀ for W = Vᵀ·Z and as -V for Z += (-V)·W2.
    Vt.fill(0, 0, b * rb);
    for (let c = 0; c < b; c++) {
      const vo = (j0 + c) * vStride + s0;
      for (let r = start(j0 + c) - s0; r < rb; r++) Vt[c * rb + r] = vs[vo + r];
    }
    for (let r = 0; r < rb; r++) for (let c = 0; c < b; c++) Vn[r * b + c] = -Vt[c * rb + r];
    T.fill(0);
    for (let i = 0; i < b; i++) {
      const ti = tau[j0 + i];
      T[i * b + i] = ti;
      if (i === 0 || ti === 0) continue;
      for (let c = 0; c < i; c++) {
        let acc = 0;
        for (let r = 0; r < rb; r++) acc += Vt[c * rb + r] * Vt[i * rb + r];
        y[c] = acc;
      }
      for (let rr = 0; rr < i; rr++) {
        let acc = 0;
        for (let c = rr; c < i; c++) acc += T[rr * b + c] * y[c];
        T[rr * b + i] = -ti * acc;
      }
    }
  }

  /**
   * Z <- Q_b·Z (or Q_bᵀ·Z) for the rb × cols block of Z starting at zOff with row stride ldz:
   * W = Vᵀ·Z, W2 = T·W (Tᵀ·W), Z -= V·W2.
   */
  apply(Z: Float64Array, zOff: number, ldz: number, cols: number, transpose: boolean): void {
    const { Vt, Vn, W, W2, T, b, rb, nb } = this;
    if (b === 0 || cols === 0) return;
    if (cols * nb > W.length) throw new Error('BlockApplier: target wider than its scratch');
    W.fill(0, 0, b * cols);
    gemmBlocked(this.gemm, b, cols, rb, Vt, 0, rb, Z, zOff, ldz, W, 0, cols);
    W2.fill(0, 0, b * cols);
    let op = T;
    if (transpose) {
      op = this.Tt;
      for (let i = 0; i < b; i++) for (let c = 0; c < b; c++) op[i * b + c] = T[c * b + i];
    }
    gemmBlocked(this.gemm, b, cols, b, op, 0, b, W, 0, cols, W2, 0, cols);
    gemmBlocked(this.gemm, rb, cols, b, Vn, 0, b, W2, 0, cols, Z, zOff, ldz);
  }
}

/** C[cOff..] += A[aOff..]·B[bOff..] (m×k times k×n, row-major with leading dimensions). */
export type RowGemm = (
  m: number, n: number, k: number,
  A: Float64Array, aOff: number, lda: number,
  B: Float64Array, bOff: number, ldb: number,
  C: Float64Array, cOff: number, ldc: number,
) => void;

/**
 * Cache blocking around a row kernel: a KC×NC panel of B (128×256, 256 KiB) stays in L2 while
 * all m rows of C stream past it.
 */
export function gemmBlocked(
  kernel: RowGemm, m: number, n: number, k: number,
  A: Float64Array, aOff: number, lda: number,
  B: Float64Array, bOff: number, ldb: number,
  C: Float64Array, cOff: number, ldc: number,
): void {
  const NC = 256, KC = 128;
  for (let jj = 0; jj < n; jj += NC)
    for (let pp = 0; pp < k; pp += KC)
      kernel(m, Math.min(NC, n - jj), Math.min(KC, k - pp), A, aOff + pp, lda, B, bOff + pp * ldb + jj, ldb, C, cOff + jj, ldc);
}

/**
 * The row product for a work space: gemmRows/gemmPairs of householder-kernels.wat bound to
 * `space` (all arrays must then be views into it), or the TypeScript twin when it is null.
 */
export function rowGemm(space: WasmSpace | null): RowGemm {
  if (!space) return gemmRowsJs;
  const { ptr, scratch } = space;
  const { gemmRows, gemmPairs, gemmPacked } = space.kernels;
  return (m, n, k, A, aOff, lda, B, bOff, ldb, C, cOff, ldc) => {
    const m4 = m & ~3, n4 = n & ~3;
    if (m4 >= 8 && n4 >= 4 && (n4 + 4) * k * 8 <= SCRATCH_BYTES) {
      // Whole 4×4 blocks through packed panels; the right columns and bottom rows that do not
      // fill a block through the row kernel.
      gemmPacked(m4, n4, k, ptr(A, aOff), lda, ptr(B, bOff), ldb, ptr(C, cOff), ldc, scratch);
      if (n4 < n) gemmRows(m, n - n4, k, ptr(A, aOff), lda, ptr(B, bOff + n4), ldb, ptr(C, cOff + n4), ldc);
      if (m4 < m) gemmRows(m - m4, n4, k, ptr(A, aOff + m4 * lda), lda, ptr(B, bOff), ldb, ptr(C, cOff + m4 * ldc), ldc);
      return;
    }
    // Pairs of rows over the first k - k mod 4 columns of A, then the odd row and the rest.
    const k4 = k & ~3, m2 = m & ~1;
    if (k4 > 0 && m2 > 0) gemmPairs(m2, n, k4, ptr(A, aOff), lda, ptr(B, bOff), ldb, ptr(C, cOff), ldc);
    if (k4 > 0 && m2 < m) gemmRows(1, n, k4, ptr(A, aOff + m2 * lda), lda, ptr(B, bOff), ldb, ptr(C, cOff + m2 * ldc), ldc);
    if (k4 < k) gemmRows(m, n, k - k4, ptr(A, aOff + k4), lda, ptr(B, bOff + k4 * ldb), ldb, ptr(C, cOff), ldc);
  };
}

/** The TypeScript twin of gemmRows: four rows of B per pass, one load and store of C per 8 flops. */
const gemmRowsJs: RowGemm = (m, n, k, A, aOff, lda, B, bOff, ldb, C, cOff, ldc) => {
  for (let i = 0; i < m; i++) {
    const ar = aOff + i * lda, cr = cOff + i * ldc;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = A[ar + p], a1 = A[ar + p + 1], a2 = A[ar + p + 2], a3 = A[ar + p + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const b0 = bOff + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
      for (let j = 0; j < n; j++) C[cr + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + (a2 * B[b2 + j] + a3 * B[b3 + j]);
    }
    for (; p < k; p++) {
      const a0 = A[ar + p];
      const b0 = bOff + p * ldb;
      for (let j = 0; j < n; j++) C[cr + j] += a0 * B[b0 + j];
    }
  }
};
