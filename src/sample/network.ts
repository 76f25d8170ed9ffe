/**
 * The random MLP of docs/conventions.md as a pure function of (seed, network index): shapes, weight
 * scales and the Philox addressing shared by the GPU kernels and the CPU twin.
 *
 * Layer index ℓ = 0 is the input layer W1 (width × dim, variance sIn), 1 … depth-1 the hidden
 * layers (width × width, variance σw²/width), `depth` the output row (1 × width, variance
 * σw²/width); every layer has a bias of variance σb². W[ℓ][row][col] of network k is
 * normalAt(seed, STREAM_WEIGHTS, col, row, ℓ, k) · std, b[ℓ][row] is
 * normalAt(seed, STREAM_BIAS, 0, row, ℓ, k) · bstd.
 */
import { fillNormals, normalAt, STREAM_BIAS, STREAM_WEIGHTS } from '../rng/philox.js';

export interface NetworkShape {
  /** Input dimension d (points on S^{d-1}). */
  dim: number;
  width: number;
  depth: number;
  /** Variance of the input-layer weights (inputs have unit norm). */
  sIn: number;
  sigmaW2: number;
  sigmaB2: number;
  /** Philox key word 0 (an unsigned 32-bit integer). */
  seed: number;
}

export interface LayerShape {
  rows: number;
  cols: number;
  /** Standard deviation of the weights. */
  wstd: number;
  /** Standard deviation of the biases. */
  bstd: number;
  /** True for every layer whose output goes through φ (all but the output row). */
  act: boolean;
}

export function layerShapes(net: NetworkShape): LayerShape[] {
  const n = net.width;
  const bstd = Math.sqrt(net.sigmaB2);
  const hidden = Math.sqrt(net.sigmaW2 / n);
  const out: LayerShape[] = [{ rows: n, cols: net.dim, wstd: Math.sqrt(net.sIn), bstd, act: true }];
  for (let l = 1; l < net.depth; l++) out.push({ rows: n, cols: n, wstd: hidden, bstd, act: true });
  out.push({ rows: 1, cols: n, wstd: hidden, bstd, act: false });
  return out;
}

/** Multiply–adds of one network at one point (the useful work; FLOPs are twice this). */
export function macsPerPoint(net: NetworkShape): number {
  return layerShapes(net).reduce((s, L) => s + L.rows * L.cols, 0);
}

/** The weights and biases of network `k`, float64 (the GPU draws the same normals in f32). */
export function networkWeights(net: NetworkShape, k: number): Array<{ W: Float64Array; b: Float64Array; rows: number; cols: number }> {
  return layerShapes(net).map((L, layer) => {
    const W = new Float64Array(L.rows * L.cols);
    fillNormals(W, L.rows, L.cols, net.seed >>> 0, STREAM_WEIGHTS, layer, k, L.wstd);
    const b = new Float64Array(L.rows);
    if (L.bstd > 0) for (let r = 0; r < L.rows; r++) b[r] = normalAt(net.seed >>> 0, STREAM_BIAS, 0, r, layer, k) * L.bstd;
    return { W, b, rows: L.rows, cols: L.cols };
  });
}
