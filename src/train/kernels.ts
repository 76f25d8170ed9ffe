/**
 * Conjugate and tangent kernels of an MLP on a set of inputs, float64:
 * CK = A_{L-1} A_{L-1}ᵀ / n (last hidden features), and the empirical NTK of the trainable
 * layers, traced over the outputs: Σ_k Σ_l s_l² (A_l A_lᵀ) ⊙ (G_l^k G_l^kᵀ) with
 * G_l^k = ∂f_k/∂Z_l — the Gram matrix of the per-sample parameter gradients without ever
 * forming them.
 */
import { forward, forwardScale, layerCount, preactivationGradients, type MlpSpec } from './model.js';
import { mulABt } from './dense.js';

export interface KernelMatrices {
  rows: number;
  ck: Float64Array | null;
  ntk: Float64Array | null;
}

export function kernelMatrices(
  spec: MlpSpec,
  W: Float64Array[],
  X: Float64Array,
  rows: number,
  frozen: boolean[],
  want: { ck: boolean; ntk: boolean },
): KernelMatrices {
  const L = layerCount(spec);
  const cache = forward(spec, W, X, rows);
  let ck: Float64Array | null = null;
  if (want.ck && L > 1) {
    const n = spec.sizes[L - 1];
    ck = mulABt(cache.A[L - 1], cache.A[L - 1], rows, n, rows, 1 / n);
  }
  let ntk: Float64Array | null = null;
  if (want.ntk) {
    ntk = new Float64Array(rows * rows);
    const K = spec.sizes[L];
    const grams = cache.A.map((a, l) => (frozen[l] ? null : mulABt(a, a, rows, spec.sizes[l], rows, forwardScale(spec, l) ** 2)));
    for (let k = 0; k < K; k++) {
      const dOut = new Float64Array(rows * K);
      for (let r = 0; r < rows; r++) dOut[r * K + k] = 1;
      const G = preactivationGradients(spec, W, cache, dOut);
      for (let l = 0; l < L; l++) {
        const ag = grams[l];
        if (!ag) continue;
        const gg = mulABt(G[l], G[l], rows, spec.sizes[l + 1], rows);
        for (let i = 0; i < ntk.length; i++) ntk[i] += ag[i] * gg[i];
      }
    }
  }
  return { rows, ck, ntk };
}
