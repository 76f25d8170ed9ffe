/**
 * Singular-value pruning: every weight matrix but the last replaced by the part of its SVD
 * spanned by the top half of its singular values, or by the bottom half, and the training
 * loss evaluated (float64).
 */
import { svd } from '../linalg/index.js';
import { evaluateWeights } from './branch.js';
import type { MlpSpec } from './model.js';
import type { Dataset } from './tasks.js';

export interface SvPruneResult {
  /** Training loss of the network as it is. */
  fullLoss: number;
  /** With every matrix but the last cut to its top ⌊r/2⌋ singular triplets (r = min(rows, cols)). */
  topLoss: number;
  /** With every matrix but the last cut to the remaining ⌈r/2⌉ (the bottom half). */
  bottomLoss: number;
}

/** Σ_{i ∈ [from, to)} σ_i u_i v_iᵀ of the rows×cols W (float64 SVD). */
export async function svdBand(W: Float64Array, rows: number, cols: number, from: number, to: number): Promise<Float64Array> {
  const r = Math.min(rows, cols);
  const s = await svd(W, rows, cols, { backend: 'cpu', k: r });
  const u = s.u!, v = s.v!;
  const out = new Float64Array(rows * cols);
  for (let j = from; j < to; j++) {
    const sj = s.values[j];
    for (let i = 0; i < rows; i++) {
      const a = sj * u[i * r + j];
      if (a === 0) continue;
      for (let c = 0; c < cols; c++) out[i * cols + c] += a * v[c * r + j];
    }
  }
  return out;
}

/** Training losses of W as it is, with its hidden matrices cut to their top half, and to their bottom half. */
export async function svPrune(spec: MlpSpec, data: Dataset, W: Float64Array[]): Promise<SvPruneResult> {
  const top: Float64Array[] = [];
  const bottom: Float64Array[] = [];
  const L = W.length;
  for (let l = 0; l < L; l++) {
    if (l === L - 1) {
      top.push(W[l]);
      bottom.push(W[l]);
      continue;
    }
    const rows = spec.sizes[l + 1], cols = spec.sizes[l];
    const r = Math.min(rows, cols);
    const h = Math.floor(r / 2);
    top.push(await svdBand(W[l], rows, cols, 0, h));
    bottom.push(await svdBand(W[l], rows, cols, h, r));
  }
  const loss = (w: Float64Array[]) => evaluateWeights(spec, data, w, 'train').loss;
  return { fullLoss: loss(W), topLoss: loss(top), bottomLoss: loss(bottom) };
}
