/** Symmetric eigensolver entry points (one signature, webgpu and cpu implementations). */
import type { Backend, ResolvedBackend } from '../backend.js';
import { checkInt, throwIfAborted } from '../errors.js';
import { runSteps, type RunOptions } from '../progress.js';
import { eighF64, eighF64Steps, eighF64Total } from './cpu/eigh.js';
import { chooseBackend } from '../gpu/choose-backend.js';
import { eighBatchedGpu, jacobiMaxN } from './gpu/jacobi.js';
import { eighTridiagGpu } from './gpu/tridiag.js';
import { checkCpuMemory, checkDim, checkMatrix, toF64, type Matrix } from './validate.js';

export interface EighOptions extends RunOptions {
  backend?: Backend;
  /** Also return eigenvectors (default false). */
  vectors?: boolean;
}

export interface EighResult {
  /** All n eigenvalues, ascending. */
  values: Float64Array;
  /** Row-major n×n; column j is the unit eigenvector of values[j] (numpy's convention). */
  vectors?: Float64Array;
  /** The implementation that ran. */
  backend: ResolvedBackend;
  /** Set when backend 'auto' fell back to the CPU, with the reason. */
  fallback?: string;
}

/**
 * Eigenvalues (ascending) and optionally eigenvectors of the real symmetric n×n row-major `a`
 * (only the lower triangle is read). `a` is not modified.
 *
 * - cpu: float64 Householder tridiagonalisation, implicit QL, inverse iteration, Householder
 *   back-transformation (LAPACK's dsytrd/dsterf/dstein/dormtr pipeline).
 * - webgpu: n <= 64 (60 on a device with the default 16 KiB of workgroup memory) by parallel
 *   Jacobi in one workgroup (eigenvalues to ~3e-7·max|λ|, no drift); larger n by float32
 *   Householder tridiagonalisation on the GPU (two dispatches per step), then values only:
 *   bisection of the tridiagonal on the GPU; with vectors: the tridiagonal problem in float64
 *   on the CPU and the back-transformation on the GPU. Accuracy: |λ - λ_ref| <= 1e-5·max|λ|
 *   and orthonormality to 1e-4 (tested; ~1e-7 measured up to n = 4096), float32 being the limit.
 *
 * NaN or Inf in `a` -> NnspectraError('INVALID_PARAMETER', param 'a').
 */
export async function eigh(a: Matrix, n: number, opts: EighOptions = {}): Promise<EighResult> {
  checkDim('n', n);
  checkMatrix('a', a, n * n, 'n×n');
  const vectors = !!opts.vectors;
  const choice = await chooseBackend(opts.backend);
  throwIfAborted(opts.signal);
  if (choice.backend === 'cpu' || n === 1) {
    checkCpuMemory('n', (vectors ? 4 : 2) * n * n, 'eigh');
    // The reduction copies `a` before its first yield: no defensive copy needed here.
    const a64 = a instanceof Float64Array ? a : Float64Array.from(a);
    const r = await runSteps(eighF64Steps(a64, n, vectors), opts, 'eigh', eighF64Total(n, vectors));
    return { values: r.values, vectors: r.vectors, backend: choice.backend, fallback: choice.fallback };
  }
  const ctx = choice.gpu!;
  const f32 = a instanceof Float32Array ? a : Float32Array.from(a);
  if (n <= jacobiMaxN(ctx)) {
    const r = await eighBatchedGpu(ctx, symmetrizeLower(f32, n), n, 1, vectors);
    return { values: r.values, vectors: r.vectors, backend: 'webgpu' };
  }
  const r = await eighTridiagGpu(ctx, symmetrizeLower(f32, n), n, vectors ? 'all' : 'none', opts);
  if (!vectors) return { values: r.values, backend: 'webgpu' };
  // Rows are eigenvectors; transpose into columns.
  const rows = r.vectorRows!;
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i * n + j] = rows[j * n + i];
  return { values: r.values, vectors: out, backend: 'webgpu' };
}

/** The GPU kernels read both triangles: mirror the lower one (the documented input). */
function symmetrizeLower(a: Float32Array, n: number): Float32Array {
  const s = a.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) s[j * n + i] = s[i * n + j];
  return s;
}

export interface EighBatchedResult {
  /** batch × n, ascending within each matrix. */
  values: Float64Array;
  /** batch × n × n; in each n×n block, column j is the eigenvector of values[b·n + j]. */
  vectors?: Float64Array;
  backend: ResolvedBackend;
  fallback?: string;
}

/**
 * Many small symmetric eigenproblems at once (n <= jacobiMaxN on the GPU: one workgroup per matrix,
 * all in one dispatch). `a` holds `batch` row-major n×n matrices back to back.
 */
export async function eighBatched(a: Matrix, n: number, batch: number, opts: EighOptions = {}): Promise<EighBatchedResult> {
  checkInt('n', n, 1, 1 << 12);
  checkInt('batch', batch, 1, 1 << 24);
  checkMatrix('a', a, n * n * batch, 'batch×n×n');
  const vectors = !!opts.vectors;
  const choice = await chooseBackend(opts.backend);
  const values = new Float64Array(batch * n);
  const vecs = vectors ? new Float64Array(batch * n * n) : undefined;
  if (choice.backend === 'webgpu' && n <= jacobiMaxN(choice.gpu!)) {
    const f32 = a instanceof Float32Array ? a : Float32Array.from(a);
    const s = new Float32Array(f32.length);
    for (let b = 0; b < batch; b++) s.set(symmetrizeLower(f32.subarray(b * n * n, (b + 1) * n * n), n), b * n * n);
    const r = await eighBatchedGpu(choice.gpu!, s, n, batch, vectors);
    return { ...r, backend: 'webgpu' };
  }
  for (let b = 0; b < batch; b++) {
    if ((b & 63) === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.({ phase: 'eigh', done: b, total: batch });
    }
    const sub = a.subarray(b * n * n, (b + 1) * n * n);
    const r =
      choice.backend === 'webgpu'
        ? await eigh(sub, n, { backend: 'webgpu', vectors })
        : eighF64(toF64(sub), n, vectors);
    values.set(r.values, b * n);
    if (vecs && r.vectors) vecs.set(r.vectors, b * n * n);
  }
  return { values, vectors: vecs, backend: choice.backend, fallback: choice.fallback };
}
