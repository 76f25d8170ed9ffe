/** Singular value decomposition entry point (one signature, webgpu and cpu implementations). */
import type { Backend, ResolvedBackend } from '../backend.js';
import { checkInt, throwIfAborted } from '../errors.js';
import type { RunOptions } from '../progress.js';
import { svdF64 } from './cpu/svd.js';
import { chooseBackend } from '../gpu/choose-backend.js';
import { eighBatchedGpu, JACOBI_MAX_N } from './gpu/jacobi.js';
import { eighTridiagGpu } from './gpu/tridiag.js';
import { checkDim, checkMatrix, toF64, type Matrix } from './validate.js';

export interface SvdOptions extends RunOptions {
  backend?: Backend;
  /** Number of leading singular vector pairs to return (default 0: values only). */
  k?: number;
}

export interface SvdResult {
  /** min(m, n) singular values, descending. */
  values: Float64Array;
  /** m×k row-major; column j is the left singular vector of values[j]. */
  u?: Float64Array;
  /** n×k row-major; column j is the right singular vector of values[j]. */
  v?: Float64Array;
  backend: ResolvedBackend;
  fallback?: string;
}

/**
 * Singular values (descending) of the row-major m×n `a`, and the top-k singular vectors on
 * request. AᵀA is never formed.
 *
 * - cpu: float64 Golub–Kahan bidiagonalisation, then the bidiagonal's singular values as the
 *   eigenvalues of its Golub–Kahan tridiagonal form (QL) and its top-k vectors by inverse
 *   iteration. Absolute error <= ~n·ε64·σ_max, so σ_i has relative error ~ n·1e-16·σ_max/σ_i
 *   (tested: σ down to 1e-10·σ_max to 1e-5 relative).
 * - webgpu: eigenvalues of the symmetric augmented matrix [[0, A], [Aᵀ, 0]] (which are ±σ_i)
 *   by the GPU eigensolver in float32. The condition number is not squared, so the absolute
 *   error is ~1e-6·σ_max instead of the ~3.5e-4·σ_max of a float32 AᵀA: σ_i >= 1e-3·σ_max
 *   keep ~1e-3 relative accuracy (tested). Costs (m+n)³, so prefer cpu for very wide matrices.
 *
 * Singular vectors belonging to a zero singular value are not unique; they may come back zero.
 */
export async function svd(a: Matrix, m: number, n: number, opts: SvdOptions = {}): Promise<SvdResult> {
  checkDim('m', m);
  checkDim('n', n);
  checkMatrix('a', a, m * n, 'm×n');
  const r = Math.min(m, n);
  const k = checkInt('k', opts.k ?? 0, 0, r);
  const choice = await chooseBackend(opts.backend);
  throwIfAborted(opts.signal);
  if (choice.backend === 'cpu' || m + n < 3) {
    const res = svdF64(toF64(a), m, n, k, (done, total) => {
      throwIfAborted(opts.signal);
      opts.onProgress?.({ phase: 'bidiagonalise', done, total });
    });
    return { ...res, values: res.values.subarray(0, r), backend: choice.backend, fallback: choice.fallback };
  }
  const N = m + n;
  const aug = new Float32Array(N * N);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      const x = a[i * n + j];
      aug[i * N + m + j] = x;
      aug[(m + j) * N + i] = x;
    }
  let values: Float64Array;
  let rows: ArrayLike<number> | undefined;
  if (N <= JACOBI_MAX_N) {
    const e = await eighBatchedGpu(choice.gpu!, aug, N, 1, k > 0);
    values = e.values;
    if (e.vectors) {
      const vr = new Float64Array(k * N);
      for (let j = 0; j < k; j++) for (let i = 0; i < N; i++) vr[j * N + i] = e.vectors[i * N + (N - 1 - j)];
      rows = vr;
    }
  } else {
    const wanted = Array.from({ length: k }, (_, j) => N - 1 - j);
    const e = await eighTridiagGpu(choice.gpu!, aug, N, k > 0 ? wanted : 'none', opts);
    values = e.values;
    rows = e.vectorRows;
  }
  const sv = new Float64Array(r);
  for (let j = 0; j < r; j++) sv[j] = Math.max(0, values[N - 1 - j]);
  if (k === 0 || !rows) return { values: sv, backend: 'webgpu' };
  // Eigenvector of +σ_j is (u_j, v_j)/√2: split and renormalise each half.
  const u = new Float64Array(m * k);
  const v = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    let su = 0, sw = 0;
    for (let i = 0; i < m; i++) su += rows[j * N + i] ** 2;
    for (let i = 0; i < n; i++) sw += rows[j * N + m + i] ** 2;
    const iu = su > 0 ? 1 / Math.sqrt(su) : 0;
    const iv = sw > 0 ? 1 / Math.sqrt(sw) : 0;
    for (let i = 0; i < m; i++) u[i * k + j] = rows[j * N + i] * iu;
    for (let i = 0; i < n; i++) v[i * k + j] = rows[j * N + m + i] * iv;
  }
  return { values: sv, u, v, backend: 'webgpu' };
}
