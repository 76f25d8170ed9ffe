/** CPU twin of the sampling kernels: the field T(x) of networks net0 … net0+count-1, float64. */
import { runSteps, type RunOptions } from '../progress.js';
import { gemmBiasAct } from './gemm-f64.js';
import { networkWeights, type NetworkShape } from './network.js';

export interface FieldsOptions extends RunOptions {
  onNetwork?: (done: number) => void;
  /** Receives φ(h_L) of network net0+kk, [width × M], before the output row (valid during the call). */
  onFeatures?: (kk: number, features: Float64Array) => void;
}

/**
 * Field values [count × M] at `points` (row-major [M × dim] unit vectors). `phi` is the
 * float64 activation. Yields to the event loop between networks (runSteps) so progress and
 * abort work.
 */
export function fieldsCpu(
  net: NetworkShape,
  phi: (x: number) => number,
  points: Float64Array,
  net0: number,
  count: number,
  opts: FieldsOptions = {},
): Promise<Float64Array> {
  return runSteps(fieldSteps(net, phi, points, net0, count, opts), opts, 'fields', count);
}

/** {@link fieldsCpu} as a step generator: yields the number of networks done. */
function* fieldSteps(
  net: NetworkShape,
  phi: (x: number) => number,
  points: Float64Array,
  net0: number,
  count: number,
  opts: FieldsOptions,
): Generator<number, Float64Array> {
  const d = net.dim;
  const M = points.length / d;
  const n = net.width;
  const out = new Float64Array(count * M);
  let a = new Float64Array(n * M);
  let h = new Float64Array(n * M);
  // Points as columns (d × M): every layer is then one product.
  const xT = new Float64Array(d * M);
  for (let p = 0; p < M; p++) for (let c = 0; c < d; c++) xT[c * M + p] = points[p * d + c];
  for (let kk = 0; kk < count; kk++) {
    const layers = networkWeights(net, net0 + kk);
    // Input layer: h[r, p] = φ(Σ_c W[r, c] x_p[c] + b[r]).
    gemmBiasAct(layers[0].W, layers[0].b, xT, a, n, d, M, phi);
    for (let l = 1; l < layers.length - 1; l++) {
      const { W, b } = layers[l];
      gemmBiasAct(W, b, a, h, n, n, M, phi);
      [a, h] = [h, a];
    }
    opts.onFeatures?.(kk, a);
    const { W, b } = layers[layers.length - 1];
    gemmBiasAct(W, b, a, out.subarray(kk * M, (kk + 1) * M), 1, n, M, null);
    opts.onNetwork?.(kk + 1);
    yield kk + 1;
  }
  return out;
}
