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

/**
 * Even and odd parts, f_e = (f(x) + f(-x))/2 and f_o = (f(x) - f(-x))/2 at the P directions of
 * an antipodal design (points P … 2P-1 are the negatives of 0 … P-1), interleaved per field:
 * row 2k is f_e of field k, row 2k+1 its f_o ([2·count × P]).
 */
export function antipodalParts(fields: ArrayLike<number>, count: number, M: number): Float64Array {
  const P = M >> 1;
  const out = new Float64Array(2 * count * P);
  for (let k = 0; k < count; k++)
    for (let p = 0; p < P; p++) {
      const a = fields[k * M + p];
      const b = fields[k * M + P + p];
      out[2 * k * P + p] = 0.5 * (a + b);
      out[(2 * k + 1) * P + p] = 0.5 * (a - b);
    }
  return out;
}

/**
 * Degree powers from the U-statistics of the parity parts: a degree-ℓ harmonic has parity
 * (-1)^ℓ, so b_ℓ of f is b_ℓ of f_e for even ℓ and of f_o for odd ℓ, each estimated without
 * bias from the P independent directions. `bParts` holds {@link gegenbauerPower} of the rows of
 * {@link antipodalParts}. A field of one parity contributes exactly nothing at the other
 * parity's degrees (its other part is 0 in floating point: x ↦ -x is exact).
 */
export function combineParityPowers(bParts: Float64Array, count: number, lmax: number): Float64Array {
  const L1 = lmax + 1;
  const b = new Float64Array(count * L1);
  for (let k = 0; k < count; k++) for (let l = 0; l < L1; l++) b[k * L1 + l] = bParts[(2 * k + (l & 1)) * L1 + l];
  return b;
}

/** (1/M) Σ_i f(x_i)² of each of `count` fields ([count × M]). */
export function meanSquares(fields: ArrayLike<number>, count: number, M: number): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let s = 0;
    for (let i = 0; i < M; i++) s += fields[k * M + i] ** 2;
    out[k] = s / M;
  }
  return out;
}

/**
 * The antipodal Gegenbauer estimator of `count` fields sampled at one antipodal design `points`
 * ([M × d], M = 2P, see antipodalSpherePoints): b̂_ℓ [count × (lmax+1)] and mean squares.
 * b̂_ℓ = N(d,ℓ)/(P(P-1)) Σ_{p≠q} g_p g_q G_ℓ(⟨x_p, x_q⟩) with g the parity part of f that
 * matches ℓ; a direct float64 pair loop (each network has its own points, so the Gegenbauer
 * values are not shared between fields).
 */
export function antipodalGegenbauerPower(
  points: Float64Array,
  d: number,
  fields: ArrayLike<number>,
  count: number,
  lmax: number,
): { b: Float64Array; meanSquare: Float64Array } {
  const M = points.length / d;
  const P = M >> 1;
  const L1 = lmax + 1;
  const parts = antipodalParts(fields, count, M);
  const rec = gegenbauerRecurrence(d, lmax);
  const G = new Float64Array(L1);
  const acc = new Float64Array(2 * count * L1);
  for (let p = 0; p < P - 1; p++)
    for (let q = p + 1; q < P; q++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += points[p * d + c] * points[q * d + c];
      gegenbauerAllFast(rec, Math.max(-1, Math.min(1, t)), G);
      for (let k = 0; k < count; k++) {
        const e = 2 * k * P;
        const o = (2 * k + 1) * P;
        const ee = parts[e + p] * parts[e + q];
        const oo = parts[o + p] * parts[o + q];
        const ae = 2 * k * L1;
        const ao = (2 * k + 1) * L1;
        for (let l = 0; l < L1; l += 2) acc[ae + l] += ee * G[l];
        for (let l = 1; l < L1; l += 2) acc[ao + l] += oo * G[l];
      }
    }
  // Pairs p < q were summed once; Σ_{p≠q} counts each twice.
  for (let l = 0; l < L1; l++) {
    const N = (2 * harmonicDimension(d, l)) / (P * (P - 1));
    for (let r = 0; r < 2 * count; r++) acc[r * L1 + l] *= N;
  }
  return { b: combineParityPowers(acc, count, lmax), meanSquare: meanSquares(fields, count, M) };
}
