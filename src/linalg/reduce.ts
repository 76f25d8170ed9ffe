/** Row and column reductions and elementwise maps of row-major matrices (float64, CPU). */
import { invalidParam } from '../errors.js';
import { checkDim, checkMatrix, type Matrix } from './validate.js';

export type ReduceOp = 'sum' | 'mean' | 'sumsq' | 'norm' | 'maxabs' | 'min' | 'max';

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
