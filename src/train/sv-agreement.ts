/**
 * Singular-vector agreement of two networks' weights: per layer, the diagonal mean of
 * |U₁ᵀU₂| ⊙ |V₁ᵀV₂| over the top k singular pairs (Yunis et al.), the output layer excluded
 * (it has as few singular pairs as the task has outputs).
 */
import { singularVectorAgreement } from '../analysis/index.js';
import { svd } from '../linalg/index.js';
import type { MlpSpec } from './model.js';

/** Top singular pairs compared by the loss-surface experiments. */
export const AGREEMENT_K = 10;

export interface WeightAgreement {
  /** Mean over the compared layers. */
  mean: number;
  /** One value per layer but the last. */
  layers: number[];
}

/** Agreement of the top-k singular pairs of A_l and B_l for every layer l but the last (float64 SVDs). */
export async function weightAgreement(spec: MlpSpec, A: Float64Array[], B: Float64Array[], k = AGREEMENT_K): Promise<WeightAgreement> {
  const layers: number[] = [];
  for (let l = 0; l + 1 < A.length; l++) {
    const rows = spec.sizes[l + 1];
    const cols = spec.sizes[l];
    const kk = Math.min(k, rows, cols);
    const a = await svd(A[l], rows, cols, { backend: 'cpu', k: kk });
    const b = await svd(B[l], rows, cols, { backend: 'cpu', k: kk });
    layers.push(singularVectorAgreement(a, b, rows, cols, kk).diagonalMean);
  }
  return { mean: layers.reduce((s, x) => s + x, 0) / Math.max(1, layers.length), layers };
}
