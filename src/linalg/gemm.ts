/** Matrix products and Gram matrices (one signature, webgpu and cpu implementations). */
import type { Backend, ResolvedBackend } from '../backend.js';
import { checkInt, checkNumber, invalidParam } from '../errors.js';
import { gemmF64, gramF64 } from './cpu/gemm.js';
import { chooseBackend } from '../gpu/choose-backend.js';
import { gemmGpu } from './gpu/gemm.js';
import { checkDim, checkMatrix, type Matrix } from './validate.js';

export interface GemmOptions {
  backend?: Backend;
  /** Use Aᵀ: `a` is stored k×m (default false). */
  transA?: boolean;
  /** Use Bᵀ: `b` is stored n×k (default false). */
  transB?: boolean;
  alpha?: number;
  beta?: number;
  /** C added with weight beta (batch×m×n); required when beta != 0. */
  c?: Matrix;
  /** Number of products (default 1). `b` may hold one matrix shared by all of them. */
  batch?: number;
}

export interface GemmResult {
  /** batch × m × n, row-major. */
  c: Float64Array;
  backend: ResolvedBackend;
  fallback?: string;
}

/**
 * C = alpha·op(A)·op(B) + beta·C for row-major op(A) m×k and op(B) k×n, batched. The CPU twin
 * accumulates in float64; the GPU kernel in float32 (64×64 tiles).
 */
export async function gemm(a: Matrix, b: Matrix, m: number, n: number, k: number, opts: GemmOptions = {}): Promise<GemmResult> {
  checkDim('m', m);
  checkDim('n', n);
  checkDim('k', k);
  const batch = checkInt('batch', opts.batch ?? 1, 1, 65535);
  const alpha = checkNumber('alpha', opts.alpha ?? 1);
  const beta = checkNumber('beta', opts.beta ?? 0);
  checkMatrix('a', a, batch * m * k, 'batch×m×k');
  const broadcastB = batch > 1 && b.length === k * n;
  checkMatrix('b', b, broadcastB ? k * n : batch * k * n, 'batch×k×n');
  if (beta !== 0 && !opts.c) invalidParam('c', 'given when beta != 0', 'undefined');
  if (opts.c) checkMatrix('c', opts.c, batch * m * n, 'batch×m×n');
  const transA = !!opts.transA, transB = !!opts.transB;
  const choice = await chooseBackend(opts.backend);
  if (choice.backend === 'webgpu') {
    const f = (x: Matrix) => (x instanceof Float32Array ? x : Float32Array.from(x));
    const out = await gemmGpu(choice.gpu!, f(a), f(b), opts.c && beta !== 0 ? f(opts.c) : null, {
      m, n, k, batch, transA, transB, alpha, beta, broadcastB,
    });
    return { c: Float64Array.from(out), backend: 'webgpu' };
  }
  const c = new Float64Array(batch * m * n);
  if (opts.c && beta !== 0) c.set(opts.c);
  for (let i = 0; i < batch; i++)
    gemmF64(m, n, k, alpha, a, i * m * k, transA, b, broadcastB ? 0 : i * k * n, transB, beta, c, i * m * n);
  return { c, backend: choice.backend, fallback: choice.fallback };
}

export interface GramOptions {
  backend?: Backend;
  /** 'AtA' (n×n, default) or 'AAt' (m×m). */
  side?: 'AtA' | 'AAt';
}

export interface GramResult {
  /** size × size, exactly symmetric. */
  g: Float64Array;
  size: number;
  backend: ResolvedBackend;
  fallback?: string;
}

/** Gram matrix AᵀA or AAᵀ of the row-major m×n `a` (symmetric output). */
export async function gram(a: Matrix, m: number, n: number, opts: GramOptions = {}): Promise<GramResult> {
  checkDim('m', m);
  checkDim('n', n);
  const side = opts.side ?? 'AtA';
  if (side !== 'AtA' && side !== 'AAt') invalidParam('side', 'AtA or AAt', side);
  checkMatrix('a', a, m * n, 'm×n');
  const size = side === 'AtA' ? n : m;
  const choice = await chooseBackend(opts.backend);
  if (choice.backend === 'cpu') return { g: gramF64(a, m, n, side), size, backend: 'cpu', fallback: choice.fallback };
  const f = a instanceof Float32Array ? a : Float32Array.from(a);
  const out =
    side === 'AtA'
      ? await gemmGpu(choice.gpu!, f, f, null, { m: n, n, k: m, batch: 1, transA: true, transB: false, alpha: 1, beta: 0, broadcastB: false })
      : await gemmGpu(choice.gpu!, f, f, null, { m, n: m, k: n, batch: 1, transA: false, transB: true, alpha: 1, beta: 0, broadcastB: false });
  // Float32 rounding differs between (i, j) and (j, i): average to an exactly symmetric result.
  const g = Float64Array.from(out);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (g[i * size + j] + g[j * size + i]);
      g[i * size + j] = s;
      g[j * size + i] = s;
    }
  return { g, size, backend: 'webgpu' };
}
