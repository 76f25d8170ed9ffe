/** Uniform random points on S^{d-1} (and re-exports of the harmonic counting facts). */
import { normalAt, STREAM_USER } from '../rng/philox.js';
export { harmonicDimension, sphereArea } from './gegenbauer.js';

/** Philox stream of the random evaluation points (d ≠ 3). */
export const STREAM_POINTS = STREAM_USER + 8;

/** M points uniform on S^{d-1} (normalised Philox normals), row-major [M × d]. */
export function randomSpherePoints(d: number, M: number, seed: number): Float64Array {
  const out = new Float64Array(M * d);
  for (let p = 0; p < M; p++) {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const z = normalAt(seed >>> 0, STREAM_POINTS, c, p, d, 0);
      out[p * d + c] = z;
      s += z * z;
    }
    const r = 1 / Math.sqrt(s);
    for (let c = 0; c < d; c++) out[p * d + c] *= r;
  }
  return out;
}

/**
 * The evaluation points of network `network` on S^{d-1} (d ≠ 3): M = 2P points, x_0 … x_{P-1}
 * uniform and independent (Philox stream (seed, STREAM_POINTS), counter (coordinate, p, d,
 * network)), followed by their antipodes -x_0 … -x_{P-1}. Every network has its own points, so
 * the spread of the per-network estimates contains the points' Monte Carlo noise. Row-major [M × d].
 */
export function antipodalSpherePoints(d: number, M: number, seed: number, network: number): Float64Array {
  const P = M >> 1;
  const out = new Float64Array(M * d);
  for (let p = 0; p < P; p++) {
    let s = 0;
    for (let c = 0; c < d; c++) {
      const z = normalAt(seed >>> 0, STREAM_POINTS, c, p, d, network >>> 0);
      out[p * d + c] = z;
      s += z * z;
    }
    const r = 1 / Math.sqrt(s);
    for (let c = 0; c < d; c++) {
      out[p * d + c] *= r;
      out[(p + P) * d + c] = -out[p * d + c];
    }
  }
  return out;
}
