/**
 * The SVD's Householder reductions in float64: blocked QR (tall matrices shrink to their R
 * first) and the Golub–Kahan bidiagonalisation. Both run in a WebAssembly work space with the
 * SIMD kernels (gemmRows, bidiagRows) where available, else in their TypeScript twins.
 */
import { BlockApplier, blockScratchSize, gemmBlocked, rowGemm } from './block-reflectors.js';
import { reflector } from './reflector.js';
import { drain, STEPS_PER_YIELD, type KernelChoice } from './steps.js';
import { workSpace } from './wasm-kernels.js';

export interface Bidiagonal {
  m: number;
  n: number;
  /** Diagonal (n) and super-diagonal (n-1) of B = QᵀAP. */
  d: Float64Array;
  e: Float64Array;
  /** Left reflectors: row k of an n×m array (entries k..m-1, entry k is 1). */
  vq: Float64Array;
  tauq: Float64Array;
  /** Right reflectors: row k of an n×n array (entries k+1..n-1, entry k+1 is 1). */
  vp: Float64Array;
  taup: Float64Array;
}

/**
 * Golub–Kahan bidiagonalisation of the row-major m×n matrix `a` (m >= n; left as it was):
 * A = Q·B·Pᵀ with B upper bidiagonal. Never forms AᵀA, so small singular values survive.
 */
export function bidiagonalize(a: Float64Array, m: number, n: number, kernel: KernelChoice = 'auto'): Bidiagonal {
  return drain(bidiagonalSteps(a, m, n, kernel));
}

/** {@link bidiagonalize} as a generator that yields the step index every STEPS_PER_YIELD steps. */
export function* bidiagonalSteps(a: Float64Array, m: number, n: number, kernel: KernelChoice = 'auto'): Generator<number, Bidiagonal> {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tauq = new Float64Array(n);
  const taup = new Float64Array(n);
  const { buf, space, release } = workSpace(m * n + n * m + n * n + n, kernel, 'bidiagonalize');
  const gemm = rowGemm(space);
  try {
    let o = 0;
    const take = (len: number): Float64Array => buf.subarray(o, (o += len));
    const A = take(m * n), vq = take(n * m), vp = take(n * n), r = take(n);
    A.set(a.subarray(0, m * n));
    vq.fill(0);
    vp.fill(0);
    for (let k = 0; k < n; k++) {
      if (k > 0 && k % STEPS_PER_YIELD === 0) yield k;
      // Left reflector from column k (rows k..m-1).
      const qo = k * m;
      const lq = reflector(A, k * n + k, n, m - k, vq, qo + k);
      tauq[k] = lq.tau;
      d[k] = lq.beta;
      if (k >= n - 1) continue;
      // r = tau·vᵀ·A[k.., k+1..] (one pass down the trailing rows).
      r.fill(0, k + 1, n);
      if (lq.tau !== 0) {
        gemmBlocked(gemm, 1, n - k - 1, m - k, vq, qo + k, m, A, k * n + k + 1, n, r, k + 1, n);
        for (let j = k + 1; j < n; j++) r[j] *= lq.tau;
      }
      // Row k after the left update gives the right reflector; then one pass updates each row
      // from the left and, right away while it is cached, from the right.
      for (let j = k + 1; j < n; j++) A[k * n + j] -= r[j];
      const po = k * n;
      const rp = reflector(A, k * n + k + 1, 1, n - k - 1, vp, po + k + 1);
      taup[k] = rp.tau;
      e[k] = rp.beta;
      if (space) {
        const { ptr } = space;
        space.kernels.bidiagRows(ptr(A), n, k + 1, m, k + 1, n, ptr(vq, qo), ptr(r), ptr(vp, po), rp.tau);
      } else {
        bidiagRowsJs(A, n, k + 1, m, k + 1, n, vq, qo, r, vp, po, rp.tau);
      }
    }
    return { m, n, d, e, vq: vq.slice(), tauq, vp: vp.slice(), taup };
  } finally {
    release();
  }
}

/** The TypeScript twin of bidiagRows in householder-kernels.wat. */
function bidiagRowsJs(
  a: Float64Array, lda: number, i0: number, i1: number, j0: number, j1: number,
  vq: Float64Array, qo: number, r: Float64Array, vp: Float64Array, po: number, tp: number,
): void {
  for (let i = i0; i < i1; i++) {
    const ro = i * lda;
    const vi = vq[qo + i];
    let s = 0;
    for (let j = j0; j < j1; j++) {
      const x = a[ro + j] - vi * r[j];
      a[ro + j] = x;
      s += x * vp[po + j];
    }
    s *= tp;
    if (s !== 0) for (let j = j0; j < j1; j++) a[ro + j] -= s * vp[po + j];
  }
}

export interface QR {
  /** Reflector k in row k of an n×m array (entries k..m-1, entry k is 1). */
  vq: Float64Array;
  tauq: Float64Array;
}

/** Columns per panel of the blocked QR. */
const QR_NB = 32;

/**
 * Householder QR of the row-major m×n `a` (m >= n, overwritten: R in its upper triangle, zeros
 * below). Blocked like LAPACK's dgeqrf: each panel of 32 columns is factored one column at a
 * time, then its reflectors reach the trailing columns in compact WY form, so the big matrix is
 * read twice per panel instead of twice per column. For tall matrices, bidiagonalising R
 * instead of A saves ~30% of the SVD's flops at m = 4n.
 */
export function householderQR(a: Float64Array, m: number, n: number, kernel: KernelChoice = 'auto'): QR {
  return drain(householderQRSteps(a, m, n, kernel));
}

/** {@link householderQR} as a generator that yields the columns done after each panel. */
export function* householderQRSteps(a: Float64Array, m: number, n: number, kernel: KernelChoice = 'auto'): Generator<number, QR> {
  const tauq = new Float64Array(n);
  const size = m * n + n * m + n + blockScratchSize(m, n, QR_NB);
  const { buf, space, release } = workSpace(size, kernel, 'householderQR');
  const gemm = rowGemm(space);
  try {
    let o = 0;
    const take = (len: number): Float64Array => buf.subarray(o, (o += len));
    const A = take(m * n), vq = take(n * m), r = take(n);
    const block = new BlockApplier(buf.subarray(o, size), space, m, n, QR_NB);
    A.set(a.subarray(0, m * n));
    vq.fill(0);
    for (let p0 = 0; p0 < n; p0 += QR_NB) {
      const pe = Math.min(n, p0 + QR_NB);
      for (let k = p0; k < pe; k++) {
        const qo = k * m;
        const lq = reflector(A, k * n + k, n, m - k, vq, qo + k);
        tauq[k] = lq.tau;
        A[k * n + k] = lq.beta;
        for (let i = k + 1; i < m; i++) A[i * n + k] = 0;
        if (lq.tau === 0 || k === pe - 1) continue;
        // Within the panel: r = -tau·vᵀ·A[k.., k+1..pe), then A += v·r.
        r.fill(0, k + 1, pe);
        gemmBlocked(gemm, 1, pe - k - 1, m - k, vq, qo + k, m, A, k * n + k + 1, n, r, k + 1, n);
        for (let j = k + 1; j < pe; j++) r[j] *= -lq.tau;
        gemmBlocked(gemm, m - k, pe - k - 1, 1, vq, qo + k, 1, r, k + 1, n, A, k * n + k + 1, n);
      }
      if (pe < n) {
        block.load(vq, m, tauq, p0, pe - p0, p0, m - p0, (j) => j);
        block.apply(A, p0 * n + pe, n, n - pe, true);
      }
      yield pe;
    }
    a.set(A);
    return { vq: vq.slice(), tauq };
  } finally {
    release();
  }
}
