/**
 * The Gegenbauer estimator of the angular power of a field on S^{d-1} from its values at M
 * i.i.d. uniform points: b̂_ℓ = N(d,ℓ) / (M(M-1)) Σ_{i≠j} T(x_i) T(x_j) G_ℓ(⟨x_i, x_j⟩), with G_ℓ
 * the Gegenbauer polynomial of index (d-2)/2 normalised to G_ℓ(1) = 1. By the addition
 * theorem b̂_ℓ is unbiased (over the points) for b_ℓ = Σ_m a_ℓm² / |S^{d-1}| of the field, the
 * quantity whose mean is the coefficient of K = Σ b_ℓ G_ℓ. Float64, O(M² lmax) per field, the
 * sums over partners as matrix products (matmulF64).
 */
import { matmulF64 } from '../linalg/cpu/matmul-f64.js';
import { runSteps } from '../progress.js';
import { gegenbauerAllFast, gegenbauerRecurrence, harmonicDimension } from './gegenbauer.js';

/**
 * b̂_ℓ [count × (lmax+1)] and the mean square (1/M) Σ T(x_i)² of each of `count` fields given
 * as rows of `fields` ([count × M]) at `points` ([M × d]).
 */
export function gegenbauerPower(
  points: Float64Array,
  d: number,
  fields: ArrayLike<number>,
  count: number,
  lmax: number,
  signal?: AbortSignal,
): Promise<{ b: Float64Array; meanSquare: Float64Array }> {
  return runSteps(powerSteps(points, d, fields, count, lmax), { signal }, 'gegenbauer', points.length / d);
}

/** {@link gegenbauerPower} as a step generator: yields the number of points done. */
function* powerSteps(
  points: Float64Array,
  d: number,
  fields: ArrayLike<number>,
  count: number,
  lmax: number,
): Generator<number, { b: Float64Array; meanSquare: Float64Array }> {
  const M = points.length / d;
  const L1 = lmax + 1;
  const acc = new Float64Array(count * L1);
  const rec = gegenbauerRecurrence(d, lmax);
  // Fields as columns (M × count): the partners j > i of point i are then one contiguous block.
  const FT = new Float64Array(M * count);
  for (let k = 0; k < count; k++) for (let j = 0; j < M; j++) FT[j * count + k] = fields[k * M + j];
  const G = new Float64Array(Math.max(0, M - 1) * L1);
  const W = new Float64Array(L1 * count);
  for (let i = 0; i < M - 1; i++) {
    const rows = M - i - 1;
    // G[j, ℓ] = G_ℓ(⟨x_i, x_j⟩) for j > i; then W[ℓ, k] = Σ_j G[j, ℓ]·T_k(x_j) as one product.
    for (let j = i + 1; j < M; j++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += points[i * d + c] * points[j * d + c];
      gegenbauerAllFast(rec, Math.max(-1, Math.min(1, t)), G.subarray((j - i - 1) * L1, (j - i) * L1));
    }
    matmulF64(L1, count, rows, 1, { data: G, trans: true }, { data: FT, offset: (i + 1) * count }, 0, W);
    for (let k = 0; k < count; k++) {
      const ti = 2 * FT[i * count + k];
      const o = k * L1;
      for (let l = 0; l < L1; l++) acc[o + l] += ti * W[l * count + k];
    }
    yield i + 1;
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
