/**
 * Conjugate and tangent kernels of an MLP on a set of inputs, float64:
 * CK = A_{L-1} A_{L-1}ᵀ / n (last hidden features), and the empirical NTK of the trainable
 * layers, traced over the outputs: Σ_k Σ_l s_l² (A_l A_lᵀ) ⊙ (G_l^k G_l^kᵀ) with
 * G_l^k = ∂f_k/∂Z_l — the Gram matrix of the per-sample parameter gradients without ever
 * forming them.
 *
 * The features and backpropagated signals of the subsample come from the float64 twin; the
 * O(rows² · width) Gram products, the bulk of the work, run on the monitor backend (WebGPU
 * through the linear-algebra `gram`, f32 accumulation; or float64 on the CPU).
 */
import type { Backend } from '../backend.js';
import { gram } from '../linalg/index.js';
import { forward, forwardScale, layerCount, preactivationGradients, type MlpSpec } from './model.js';
import { mulABt } from './dense.js';

/** scale · A Aᵀ for the row-major rows×cols `a`. */
async function rowGram(a: Float64Array, rows: number, cols: number, scale: number, backend: Backend): Promise<Float64Array> {
  if (backend === 'cpu') return mulABt(a, a, rows, cols, rows, scale);
  const { g } = await gram(a, rows, cols, { side: 'AAt', backend });
  if (scale !== 1) for (let i = 0; i < g.length; i++) g[i] *= scale;
  return g;
}

export interface KernelMatrices {
  rows: number;
  ck: Float64Array | null;
  ntk: Float64Array | null;
}

export async function kernelMatrices(
  spec: MlpSpec,
  W: Float64Array[],
  X: Float64Array,
  rows: number,
  frozen: boolean[],
  want: { ck: boolean; ntk: boolean },
  backend: Backend = 'cpu',
): Promise<KernelMatrices> {
  const L = layerCount(spec);
  const cache = forward(spec, W, X, rows);
  let ck: Float64Array | null = null;
  if (want.ck && L > 1) {
    const n = spec.sizes[L - 1];
    ck = await rowGram(cache.A[L - 1], rows, n, 1 / n, backend);
  }
  let ntk: Float64Array | null = null;
  if (want.ntk) {
    ntk = new Float64Array(rows * rows);
    const K = spec.sizes[L];
    const grams: (Float64Array | null)[] = [];
    for (let l = 0; l < L; l++)
      grams.push(frozen[l] ? null : await rowGram(cache.A[l], rows, spec.sizes[l], forwardScale(spec, l) ** 2, backend));
    for (let k = 0; k < K; k++) {
      const dOut = new Float64Array(rows * K);
      for (let r = 0; r < rows; r++) dOut[r * K + k] = 1;
      const G = preactivationGradients(spec, W, cache, dOut);
      for (let l = 0; l < L; l++) {
        const ag = grams[l];
        if (!ag) continue;
        const gg = await rowGram(G[l], rows, spec.sizes[l + 1], 1, backend);
        for (let i = 0; i < ntk.length; i++) ntk[i] += ag[i] * gg[i];
      }
    }
  }
  return { rows, ck, ntk };
}
