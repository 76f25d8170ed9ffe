/** Names of the reductions and elementwise maps, shared by the API (reduce.ts) and the GPU kernels. */

/** A reduction along rows or columns. */
export type ReduceOp = 'sum' | 'mean' | 'sumsq' | 'norm' | 'maxabs' | 'min' | 'max';

/** An elementwise map. */
export type MapOp = 'abs' | 'square' | 'sqrt' | 'log' | 'exp' | 'relu' | 'affine';
