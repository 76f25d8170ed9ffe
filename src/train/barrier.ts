/**
 * The loss barrier on the straight line between two solutions (linear mode connectivity):
 * b = max_α [L((1−α)W¹ + αW²) − ((1−α)L(W¹) + αL(W²))] over an even grid of α in [0, 1].
 */
import { checkInt } from '../errors.js';

export interface BarrierResult {
  barrier: number;
  alphas: number[];
  /** L along the line at each α. */
  losses: number[];
}

/** The barrier of any loss along a path parameterised by α ∈ [0, 1], on `points` values of α. */
export function lossBarrier(lossAt: (alpha: number) => number, points = 11): BarrierResult {
  checkInt('points', points, 2, 10001);
  const alphas = Array.from({ length: points }, (_, i) => i / (points - 1));
  const losses = alphas.map(lossAt);
  const l0 = losses[0];
  const l1 = losses[points - 1];
  let barrier = -Infinity;
  alphas.forEach((a, i) => {
    barrier = Math.max(barrier, losses[i] - ((1 - a) * l0 + a * l1));
  });
  return { barrier, alphas, losses };
}

/** (1−α)A + αB, layer by layer. */
export function interpolateWeights(A: Float64Array[], B: Float64Array[], alpha: number): Float64Array[] {
  return A.map((a, l) => {
    const b = B[l];
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = (1 - alpha) * a[i] + alpha * b[i];
    return out;
  });
}
