/** Float64 symmetric eigensolver (the CPU twin and reference of the GPU path). */
import { applyReflectorsBlockedSteps } from './block-reflectors.js';
import { tridiagonalSteps } from './householder.js';
import { drain, offsetSteps } from './steps.js';
import { tridiagonalEigen } from './tridiag-eigen.js';

export interface EighF64 {
  /** Ascending eigenvalues. */
  values: Float64Array;
  /** Row-major n×n, column j is the unit eigenvector of values[j] (numpy's convention). */
  vectors?: Float64Array;
}

/**
 * All eigenvalues (and optionally eigenvectors) of the symmetric n×n row-major `a` (only the
 * lower triangle is read; `a` is left as it was). Householder tridiagonalisation, implicit QL,
 * inverse iteration, Householder back-transformation: 4n³/3 + 2n³ flops with vectors.
 */
export function eighF64(a: Float64Array, n: number, vectors: boolean): EighF64 {
  return drain(eighF64Steps(a, n, vectors));
}

/** Progress units of {@link eighF64Steps}: n for the reduction, n more for the vectors. */
export const eighF64Total = (n: number, vectors: boolean): number => (vectors ? 2 * n : n);

/** {@link eighF64} as a step generator (see runSteps in progress.ts). */
export function* eighF64Steps(a: Float64Array, n: number, vectors: boolean): Generator<number, EighF64> {
  const t = yield* tridiagonalSteps(a, n, 'auto', vectors);
  const te = tridiagonalEigen(t.d, t.e, vectors ? 'all' : 'none');
  if (!vectors) return { values: te.values };
  // Rows of vectorRows are eigenvectors of T; transpose into columns, then X = Q·Z.
  const rows = te.vectorRows!;
  const z = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const ro = j * n;
    for (let i = 0; i < n; i++) z[i * n + j] = rows[ro + i];
  }
  yield* offsetSteps(applyReflectorsBlockedSteps(z, n, n, t.v, n, t.tau, Math.max(0, n - 2), (j) => j + 1), n);
  return { values: te.values, vectors: z };
}



