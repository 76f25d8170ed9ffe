/**
 * Float64 SVD: Golub–Kahan bidiagonalisation, then the singular values of the bidiagonal B as
 * the positive eigenvalues of its Golub–Kahan tridiagonal form T_GK (zero diagonal, off-diagonal
 * d0, e0, d1, e1, ...), and the top-k singular vectors from T_GK's eigenvectors
 * z = (v0, u0, v1, u1, ...)/√2. AᵀA is never formed: errors are ~ n·ε64·σ_max in absolute terms,
 * so σ_i keeps a relative accuracy of ~ n·ε64·σ_max/σ_i.
 */
import { bidiagonalSteps, householderQRSteps, type QR } from './bidiagonal.js';
import { applyReflectorsBlocked } from './block-reflectors.js';
import { offsetSteps } from './steps.js';
import { tridiagonalEigen } from './tridiag-eigen.js';

export interface SvdF64 {
  /** Descending singular values, min(m, n) of them. */
  values: Float64Array;
  /** m×k row-major, column j = left singular vector j. */
  u?: Float64Array;
  /** n×k row-major, column j = right singular vector j. */
  v?: Float64Array;
}

/** Whether the float64 SVD of an m×n matrix reduces by QR first (tall enough to pay). */
const qrFirst = (m: number, n: number): boolean => Math.max(m, n) >= 2 * Math.min(m, n) && Math.min(m, n) >= 16;

/** Progress units of {@link svdF64Steps}: min(m, n) per Householder sweep. */
export const svdF64Total = (m: number, n: number): number => (qrFirst(m, n) ? 2 : 1) * Math.min(m, n);

/** The float64 SVD as a step generator (drive it with runSteps in progress.ts, or drain). */
export function* svdF64Steps(a: Float64Array, m: number, n: number, k: number): Generator<number, SvdF64> {
  if (m < n) {
    // Work on Aᵀ (tall), then swap the roles of u and v.
    const t = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
    const r = yield* svdF64Steps(t, n, m, k);
    return { values: r.values, u: r.v, v: r.u };
  }
  // Tall: A = Q·R first, then bidiagonalise the n×n R (fewer flops once m >= 2n).
  let qr: QR | null = null;
  let bm = m;
  let work = a;
  if (qrFirst(m, n)) {
    qr = yield* householderQRSteps(a, m, n);
    work = a.subarray(0, n * n);
    bm = n;
  }
  const b = yield* offsetSteps(bidiagonalSteps(work, bm, n), qr ? n : 0);
  const nn = 2 * n;
  const dg = new Float64Array(nn);
  const off = new Float64Array(nn - 1);
  for (let i = 0; i < n; i++) {
    off[2 * i] = b.d[i];
    if (i < n - 1) off[2 * i + 1] = b.e[i];
  }
  // The top n eigenvalues of T_GK (ascending list positions 2n-1 down to n) are σ_1 >= ... .
  const wanted = Array.from({ length: k }, (_, j) => nn - 1 - j);
  const te = tridiagonalEigen(dg, off, k > 0 ? wanted : 'none');
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = Math.max(0, te.values[nn - 1 - j]);
  if (k === 0) return { values };
  const rows = te.vectorRows!;
  const u = new Float64Array(m * k); // the first bm rows hold U_B, the rest stay zero
  const v = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const ro = j * nn;
    let su = 0, sv = 0;
    for (let i = 0; i < n; i++) {
      sv += rows[ro + 2 * i] ** 2;
      su += rows[ro + 2 * i + 1] ** 2;
    }
    const iu = su > 0 ? 1 / Math.sqrt(su) : 0;
    const iv = sv > 0 ? 1 / Math.sqrt(sv) : 0;
    for (let i = 0; i < n; i++) {
      v[i * k + j] = rows[ro + 2 * i] * iv;
      u[i * k + j] = rows[ro + 2 * i + 1] * iu;
    }
  }
  // U = Q·[U_B; 0] (with a QR first: U = Q_qr·[Q_R·U_B; 0]), V = P·V_B.
  applyReflectorsBlocked(u, bm, k, b.vq, bm, b.tauq, n, (j) => j);
  if (qr) applyReflectorsBlocked(u, m, k, qr.vq, m, qr.tauq, n, (j) => j);
  applyReflectorsBlocked(v, n, k, b.vp, n, b.taup, Math.max(0, n - 1), (j) => j + 1);
  return { values, u, v };
}
