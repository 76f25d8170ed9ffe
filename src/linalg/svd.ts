/** Singular value decomposition entry point (one signature, webgpu and cpu implementations). */
import type { Backend, ResolvedBackend } from '../backend.js';
import { checkInt, throwIfAborted } from '../errors.js';
import { runSteps, type RunOptions } from '../progress.js';
import { svdF64Steps, svdF64Total } from './cpu/svd.js';
import { chooseBackend } from '../gpu/choose-backend.js';
import type { GpuContext } from '../gpu/device.js';
import { eighBatchedGpu, jacobiMaxN } from './gpu/jacobi.js';
import { qrGpu } from './gpu/qr.js';
import { eighTridiagGpu } from './gpu/tridiag.js';
import { checkCpuMemory, checkDim, checkMatrix, toF64, type Matrix } from './validate.js';

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

/** Shapes at least this lopsided (max(m,n) >= QR_ASPECT·min(m,n)) are QR-reduced first on the GPU. */
const QR_ASPECT = 2;
/** Below this min(m, n) the augmented problem is small already and a QR saves nothing. */
const QR_MIN = 16;

/** The route `svd` takes with backend 'webgpu' for an m×n matrix (see {@link svd}). */
export type SvdGpuPath = 'augmented' | 'qr-augmented';

/**
 * Which webgpu route {@link svd} takes for an m×n matrix: 'qr-augmented' (GPU Householder QR
 * of the tall orientation first, then the 2r×2r augmented problem of R, r = min(m, n)) when
 * max(m, n) >= 2·min(m, n) and min(m, n) >= 16, else 'augmented' ((m+n)×(m+n) directly).
 */
export function svdGpuPath(m: number, n: number): SvdGpuPath {
  const r = Math.min(m, n);
  return Math.max(m, n) >= QR_ASPECT * r && r >= QR_MIN ? 'qr-augmented' : 'augmented';
}

/**
 * Singular values (descending) of the row-major m×n `a`, and the top-k singular vectors on
 * request. AᵀA is never formed.
 *
 * - cpu: float64 Golub–Kahan bidiagonalisation, then the bidiagonal's singular values as the
 *   eigenvalues of its Golub–Kahan tridiagonal form (QL) and its top-k vectors by inverse
 *   iteration. Absolute error <= ~n·ε64·σ_max, so σ_i has relative error ~ n·1e-16·σ_max/σ_i
 *   (tested: σ down to 1e-10·σ_max to 1e-5 relative).
 * - webgpu, float32 throughout; with r = min(m, n), p = max(m, n):
 *   - p >= 2r and r >= 16 ('qr-augmented'): Householder QR of the tall orientation (A, or Aᵀ
 *     for a wide A) on the GPU, T = Q·R (2pr² - 2r³/3 flops), then the eigenvalues ±σ_i of the
 *     2r×2r augmented matrix [[0, R], [Rᵀ, 0]] by the GPU eigensolver (~(4/3)(2r)³ flops).
 *     Vectors: the augmented eigenvectors give R's u_R and v; u = Q·[u_R; 0] is formed on the
 *     GPU from the stored reflectors (one workgroup per vector, 4pr flops each), and u and v
 *     trade places for a wide A. For 1024×4096 that is ~1.9e10 flops instead of the ~1.8e11
 *     of the 5120² augmented problem.
 *   - otherwise ('augmented'): the eigenvalues of the (m+n)×(m+n) augmented matrix
 *     [[0, A], [Aᵀ, 0]] directly, ~(4/3)(m+n)³ flops.
 *   Neither squares the condition number, so the absolute error is ~1e-6·σ_max instead of the
 *   ~3.5e-4·σ_max of a float32 AᵀA: σ_i >= 1e-3·σ_max keep at least ~1e-3 relative accuracy
 *   (the QR is backward stable; measured on the QR route with σ from 1 down to 1e-3: worst
 *   relative error 1e-5, test/gpu/linalg-svd-qr.test.ts). Augmented problems of size <= 64 go
 *   to the batched Jacobi kernel, whose values measure ~7e-6·σ_max off (the tridiagonal
 *   eigensolver: ~2e-7·σ_max). Top vectors of well-separated σ agree with the float64 twin to
 *   |uᵀu_ref| >= 1 - 1e-4 (measured 1 - 8e-8), with ‖A v - σ u‖ <= ~5e-6·σ_max.
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
    checkCpuMemory(m >= n ? 'm' : 'n', 4 * m * n + 2 * Math.min(m, n) ** 2, 'svd');
    const res = await runSteps(svdF64Steps(toF64(a), m, n, k), opts, 'bidiagonalise', svdF64Total(m, n));
    return { ...res, values: res.values.subarray(0, r), backend: choice.backend, fallback: choice.fallback };
  }
  const gpu = choice.gpu!;
  if (svdGpuPath(m, n) === 'augmented') return { ...(await augmentedSvd(gpu, a, m, n, k, opts)), backend: 'webgpu' };
  // T = A (tall) or Aᵀ (wide), p×r, handed to the QR by columns: for a wide A those are A's rows.
  const p = Math.max(m, n);
  const wide = m < n;
  let cols: Float32Array;
  if (wide) cols = a instanceof Float32Array ? a : Float32Array.from(a);
  else {
    cols = new Float32Array(p * r);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) cols[j * p + i] = a[i * n + j];
  }
  const qr = await qrGpu(gpu, cols, p, r, opts);
  try {
    throwIfAborted(opts.signal);
    const s = await augmentedSvd(gpu, qr.R, r, r, k, opts);
    if (k === 0 || !s.u || !s.v) return { values: s.values, backend: 'webgpu' };
    const z = new Float32Array(k * r);
    for (let j = 0; j < k; j++) for (let i = 0; i < r; i++) z[j * r + i] = s.u[i * k + j];
    const qz = await qr.applyQ(z, k);
    const ut = new Float64Array(p * k);
    for (let j = 0; j < k; j++) for (let i = 0; i < p; i++) ut[i * k + j] = qz[j * p + i];
    // T = Q·R, R v = σ u_R  =>  T v = σ Q u_R; for a wide A = Tᵀ the roles swap: A (Q u_R) = σ v.
    return wide ? { values: s.values, u: s.v, v: ut, backend: 'webgpu' } : { values: s.values, u: ut, v: s.v, backend: 'webgpu' };
  } finally {
    qr.destroy();
  }
}

/** σ (and top-k u, v) from the (m+n)² augmented eigenproblem on the GPU, in float32. */
async function augmentedSvd(
  gpu: GpuContext,
  a: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  opts: RunOptions,
): Promise<{ values: Float64Array; u?: Float64Array; v?: Float64Array }> {
  const r = Math.min(m, n);
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
  if (N <= jacobiMaxN(gpu)) {
    const e = await eighBatchedGpu(gpu, aug, N, 1, k > 0);
    values = e.values;
    if (e.vectors) {
      const vr = new Float64Array(k * N);
      for (let j = 0; j < k; j++) for (let i = 0; i < N; i++) vr[j * N + i] = e.vectors[i * N + (N - 1 - j)];
      rows = vr;
    }
  } else {
    const wanted = Array.from({ length: k }, (_, j) => N - 1 - j);
    const e = await eighTridiagGpu(gpu, aug, N, k > 0 ? wanted : 'none', opts);
    values = e.values;
    rows = e.vectorRows;
  }
  const sv = new Float64Array(r);
  for (let j = 0; j < r; j++) sv[j] = Math.max(0, values[N - 1 - j]);
  if (k === 0 || !rows) return { values: sv };
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
  return { values: sv, u, v };
}
