/** Row and column reductions and elementwise maps of row-major matrices (webgpu + float64 CPU). */
import type { Backend, ResolvedBackend } from '../backend.js';
import { checkNumber, invalidParam } from '../errors.js';
import { chooseBackend } from '../gpu/choose-backend.js';
import { mapGpu, reduceGpu } from './gpu/elementwise.js';
import type { MapOp, ReduceOp } from './ops.js';
import { checkDim, checkMatrix, type Matrix } from './validate.js';

export type { MapOp, ReduceOp } from './ops.js';

/**
 * Reduces each row (axis 'rows': m results) or each column (axis 'cols': n results) of the
 * row-major m×n `a`. Column reductions stream rows, so both directions read memory in order.
 */
export function reduceMatrix(a: Matrix, m: number, n: number, axis: 'rows' | 'cols', op: ReduceOp): Float64Array {
  checkDim('m', m);
  checkDim('n', n);
  checkMatrix('a', a, m * n, 'm×n');
  if (axis !== 'rows' && axis !== 'cols') invalidParam('axis', 'rows or cols', axis);
  const ops: Record<ReduceOp, [number, (acc: number, x: number) => number]> = {
    sum: [0, (s, x) => s + x],
    mean: [0, (s, x) => s + x],
    sumsq: [0, (s, x) => s + x * x],
    norm: [0, (s, x) => s + x * x],
    maxabs: [0, (s, x) => Math.max(s, Math.abs(x))],
    min: [Infinity, (s, x) => Math.min(s, x)],
    max: [-Infinity, (s, x) => Math.max(s, x)],
  };
  if (!(op in ops)) invalidParam('op', Object.keys(ops).join(', '), op);
  const [init, f] = ops[op];
  const len = axis === 'rows' ? m : n;
  const out = new Float64Array(len).fill(init);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      const t = axis === 'rows' ? i : j;
      out[t] = f(out[t], a[i * n + j]);
    }
  const count = axis === 'rows' ? n : m;
  if (op === 'mean') for (let t = 0; t < len; t++) out[t] /= count;
  if (op === 'norm') for (let t = 0; t < len; t++) out[t] = Math.sqrt(out[t]);
  return out;
}

/** Transpose of a row-major m×n matrix (n×m, float64). */
export function transpose(a: Matrix, m: number, n: number): Float64Array {
  checkMatrix('a', a, m * n, 'm×n');
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

export interface MatrixReduceOptions {
  axis: 'rows' | 'cols';
  op: ReduceOp;
  backend?: Backend;
}

/** {@link reduceMatrix} with a backend choice: the GPU kernel sums in float32. */
export async function matrixReduce(a: Matrix, m: number, n: number, opts: MatrixReduceOptions): Promise<{ values: Float64Array; backend: ResolvedBackend; fallback?: string }> {
  const cpu = reduceMatrix(a, m, n, opts.axis, opts.op); // validates everything
  const choice = await chooseBackend(opts.backend);
  if (choice.backend === 'cpu') return { values: cpu, backend: 'cpu', fallback: choice.fallback };
  const f = a instanceof Float32Array ? a : Float32Array.from(a);
  return { values: Float64Array.from(await reduceGpu(choice.gpu!, f, m, n, opts.axis, opts.op)), backend: 'webgpu' };
}

export interface ElementwiseOptions {
  /** For 'affine': y = scale·x + shift (defaults 1 and 0). */
  scale?: number;
  shift?: number;
  backend?: Backend;
}

/**
 * y = f(x) elementwise. Inputs outside the domain ('sqrt' needs x >= 0, 'log' x > 0) and
 * results that overflow ('exp' above ~709 in float64, ~88 on the GPU) are refused rather than
 * returned as NaN or Inf.
 */
export async function elementwise(a: Matrix, op: MapOp, opts: ElementwiseOptions = {}): Promise<{ values: Float64Array; backend: ResolvedBackend; fallback?: string }> {
  const ops: MapOp[] = ['abs', 'square', 'sqrt', 'log', 'exp', 'relu', 'affine'];
  if (!ops.includes(op)) invalidParam('op', ops.join(', '), op);
  checkMatrix('a', a, a?.length ?? 0, 'a');
  const scale = checkNumber('scale', opts.scale ?? 1);
  const shift = checkNumber('shift', opts.shift ?? 0);
  const choice = await chooseBackend(opts.backend);
  const gpu = choice.backend === 'webgpu';
  const expMax = gpu ? 88 : 709;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if ((op === 'sqrt' && x < 0) || (op === 'log' && x <= 0) || (op === 'exp' && x > expMax))
      invalidParam('a', op === 'sqrt' ? 'non-negative for sqrt' : op === 'log' ? 'positive for log' : `at most ${expMax} for exp`, `${x} at index ${i}`);
  }
  if (gpu) {
    const f = a instanceof Float32Array ? a : Float32Array.from(a);
    return { values: Float64Array.from(await mapGpu(choice.gpu!, f, op, scale, shift)), backend: 'webgpu' };
  }
  const f: Record<MapOp, (x: number) => number> = {
    abs: Math.abs,
    square: (x) => x * x,
    sqrt: Math.sqrt,
    log: Math.log,
    exp: Math.exp,
    relu: (x) => (x > 0 ? x : 0),
    affine: (x) => scale * x + shift,
  };
  const g = f[op];
  const values = Float64Array.from(a, g);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) invalidParam('a', `small enough that ${op} stays finite`, `${a[i]} at index ${i}`);
  return { values, backend: choice.backend, fallback: choice.fallback };
}
