/** Linear algebra: gemm, gram, symmetric eigensolvers, svd (webgpu + float64 cpu twins). */
export { eigh, eighBatched } from './eigh.js';
export type { EighOptions, EighResult, EighBatchedResult } from './eigh.js';
export { svd } from './svd.js';
export type { SvdOptions, SvdResult } from './svd.js';
export { gemm, gram } from './gemm.js';
export type { GemmOptions, GemmResult, GramOptions, GramResult } from './gemm.js';
export { reduceMatrix, matrixReduce, elementwise, transpose } from './reduce.js';
export type { ReduceOp, MapOp, MatrixReduceOptions, ElementwiseOptions } from './reduce.js';
export type { Matrix } from './validate.js';
