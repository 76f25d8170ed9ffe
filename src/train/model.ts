/**
 * Bias-free MLPs: z_l = s_l · W_l a_{l-1}, a_l = φ(z_l) on hidden layers, the last layer linear.
 * Two parameterisations: 'ntk' (W ~ N(0, 1), s_l = 1/√fan_in: the teacher model
 * f(x) = aᵀφ(Wx/√d)/√n of the linear-width papers) and 'standard' (W ~ N(0, 1/fan_in), s_l = 1).
 * Initial weights are Philox normals, so every backend starts from the same numbers.
 */
import { fillNormals, STREAM_USER } from '../rng/philox.js';
import type { TrainActivation } from './activation.js';
import { mulAB, mulABt, mulAtB } from './dense.js';

export type Parameterization = 'ntk' | 'standard';

export interface MlpSpec {
  /** Layer widths [input, hidden..., output]; W_l is sizes[l+1] × sizes[l]. */
  sizes: number[];
  activation: TrainActivation;
  parameterization: Parameterization;
}

/** Philox stream of the initial weights (counter: column, row, layer, 0). */
export const STREAM_INIT = STREAM_USER;

export function layerCount(spec: MlpSpec): number {
  return spec.sizes.length - 1;
}

/** Forward multiplier s_l of layer l. */
export function forwardScale(spec: MlpSpec, l: number): number {
  return spec.parameterization === 'ntk' ? 1 / Math.sqrt(spec.sizes[l]) : 1;
}

/** Initial W_l for every layer, float64; `gain` multiplies the parameterisation's scale. */
export function initWeights(spec: MlpSpec, seed: number, gain = 1): Float64Array[] {
  const out: Float64Array[] = [];
  for (let l = 0; l < layerCount(spec); l++) {
    const rows = spec.sizes[l + 1];
    const cols = spec.sizes[l];
    const scale = gain * (spec.parameterization === 'ntk' ? 1 : 1 / Math.sqrt(cols));
    const w = new Float64Array(rows * cols);
    fillNormals(w, rows, cols, seed, STREAM_INIT, l, 0, scale);
    out.push(w);
  }
  return out;
}

/** Pre-activations Z_l (rows × sizes[l+1]) and activations A_l (A_0 = X) of a forward pass. */
export interface ForwardCache {
  rows: number;
  A: Float64Array[];
  Z: Float64Array[];
}

export function forward(spec: MlpSpec, W: Float64Array[], X: Float64Array, rows: number): ForwardCache {
  const L = layerCount(spec);
  const A: Float64Array[] = [X];
  const Z: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    const z = mulABt(A[l], W[l], rows, spec.sizes[l], spec.sizes[l + 1], forwardScale(spec, l));
    Z.push(z);
    if (l < L - 1) {
      const a = new Float64Array(z.length);
      const phi = spec.activation.phi;
      for (let i = 0; i < z.length; i++) a[i] = phi(z[i]);
      A.push(a);
    }
  }
  return { rows, A, Z };
}

/** The network's outputs (rows × sizes[L]). */
export function outputs(cache: ForwardCache): Float64Array {
  return cache.Z[cache.Z.length - 1];
}

/** Whether some layer below l trains (else back-propagation can stop at layer l). */
export function trainableBelow(frozen: boolean[], l: number): boolean {
  for (let i = 0; i < l; i++) if (!frozen[i]) return true;
  return false;
}

/**
 * Gradients dL/dW_l given dL/d(output) (rows × sizes[L]); frozen layers get null (their
 * gradient is never formed, but the signal still flows through them).
 */
export function backward(
  spec: MlpSpec,
  W: Float64Array[],
  cache: ForwardCache,
  dOut: Float64Array,
  frozen: boolean[] = [],
): (Float64Array | null)[] {
  const L = layerCount(spec);
  const rows = cache.rows;
  const grads: (Float64Array | null)[] = new Array(L).fill(null);
  let dZ = dOut;
  for (let l = L - 1; l >= 0; l--) {
    const nOut = spec.sizes[l + 1];
    const nIn = spec.sizes[l];
    const s = forwardScale(spec, l);
    if (!frozen[l]) grads[l] = mulAtB(dZ, cache.A[l], rows, nOut, nIn, s);
    if (l > 0) {
      if (!trainableBelow(frozen, l)) break;
      const dA = mulAB(dZ, W[l], rows, nOut, nIn, s);
      const z = cache.Z[l - 1];
      const dphi = spec.activation.dphi;
      for (let i = 0; i < dA.length; i++) dA[i] *= dphi(z[i]);
      dZ = dA;
    }
  }
  return grads;
}

/**
 * Per-sample gradients of the scalar g = Σ_k c_k f_k with respect to every pre-activation:
 * G_l = ∂g/∂Z_l, used by the empirical NTK (Σ_l s_l² (A_{l-1}A_{l-1}ᵀ) ⊙ (G_l G_lᵀ)).
 */
export function preactivationGradients(spec: MlpSpec, W: Float64Array[], cache: ForwardCache, dOut: Float64Array): Float64Array[] {
  const L = layerCount(spec);
  const G: Float64Array[] = new Array(L);
  let dZ = dOut;
  for (let l = L - 1; l >= 0; l--) {
    G[l] = dZ;
    if (l > 0) {
      const dA = mulAB(dZ, W[l], cache.rows, spec.sizes[l + 1], spec.sizes[l], forwardScale(spec, l));
      const z = cache.Z[l - 1];
      for (let i = 0; i < dA.length; i++) dA[i] *= spec.activation.dphi(z[i]);
      dZ = dA;
    }
  }
  return G;
}
