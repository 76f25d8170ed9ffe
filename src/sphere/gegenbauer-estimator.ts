/**
 * The Gegenbauer estimator of the angular power of a field on S^{d-1} from its values at M
 * i.i.d. uniform points: b̂_ℓ = N(d,ℓ) / (M(M-1)) Σ_{i≠j} T(x_i) T(x_j) G_ℓ(⟨x_i, x_j⟩), with G_ℓ
 * the Gegenbauer polynomial of index (d-2)/2 normalised to G_ℓ(1) = 1. By the addition
 * theorem b̂_ℓ is unbiased (over the points) for b_ℓ = Σ_m a_ℓm² / |S^{d-1}| of the field, the
 * quantity whose mean is the coefficient of K = Σ b_ℓ G_ℓ. Float64, O(M² lmax) per field.
 */
import { throwIfAborted } from '../errors.js';
import { gegenbauerAll, harmonicDimension } from './gegenbauer.js';

/**
 * b̂_ℓ [count × (lmax+1)] and the mean square (1/M) Σ T(x_i)² of each of `count` fields given
 * as rows of `fields` ([count × M]) at `points` ([M × d]).
 */
export async function gegenbauerPower(
  points: Float64Array,
  d: number,
  fields: ArrayLike<number>,
  count: number,
  lmax: number,
  signal?: AbortSignal,
): Promise<{ b: Float64Array; meanSquare: Float64Array }> {
  const M = points.length / d;
  const L1 = lmax + 1;
  const acc = new Float64Array(count * L1);
  const g = new Float64Array(L1);
  const ti = new Float64Array(count);
  let last = Date.now();
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < count; k++) ti[k] = 2 * fields[k * M + i];
    for (let j = i + 1; j < M; j++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += points[i * d + c] * points[j * d + c];
      gegenbauerAll(d, lmax, Math.max(-1, Math.min(1, t)), g);
      for (let k = 0; k < count; k++) {
        const p = ti[k] * fields[k * M + j];
        const o = k * L1;
        for (let l = 0; l < L1; l++) acc[o + l] += p * g[l];
      }
    }
    if (Date.now() - last > 100) {
      throwIfAborted(signal);
      await new Promise((r) => setTimeout(r, 0));
      last = Date.now();
    }
  }
  const meanSquare = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let s = 0;
    for (let i = 0; i < M; i++) s += fields[k * M + i] ** 2;
    meanSquare[k] = s / M;
  }
  const scale = 1 / (M * (M - 1));
  for (let l = 0; l < L1; l++) {
    const N = harmonicDimension(d, l) * scale;
    for (let k = 0; k < count; k++) acc[k * L1 + l] *= N;
  }
  return { b: acc, meanSquare };
}
