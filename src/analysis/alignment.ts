/**
 * Alignment metrics between eigen/singular bases. Vectors are columns of row-major arrays, as
 * eigh and svd return them (eigh: ascending, so "top" means the last columns; svd: descending).
 */
import { checkInt, invalidParam } from '../errors.js';

function cols(v: ArrayLike<number>, rows: number, param: string): number {
  if (v.length % rows !== 0 || v.length === 0) invalidParam(param, `a multiple of ${rows} numbers long`, v.length);
  return v.length / rows;
}

function colDot(a: ArrayLike<number>, ka: number, ja: number, b: ArrayLike<number>, kb: number, jb: number, rows: number): number {
  let s = 0;
  for (let i = 0; i < rows; i++) s += a[i * ka + ja] * b[i * kb + jb];
  return s;
}

/**
 * |⟨x_j, d⟩| / ‖d‖ for the eigenvectors x_j of the k largest eigenvalues (descending), e.g. the
 * overlap of a kernel's top eigenvectors with a teacher direction or the label vector.
 */
export function topEigenvectorOverlap(
  eig: { values: ArrayLike<number>; vectors?: ArrayLike<number> },
  direction: ArrayLike<number>,
  k = 1,
): Float64Array {
  const n = eig.values.length;
  if (!eig.vectors) invalidParam('eig.vectors', 'present (call eigh with vectors: true)', 'undefined');
  if (direction.length !== n) invalidParam('direction', `of length ${n}`, direction.length);
  checkInt('k', k, 1, n);
  let dn = 0;
  for (let i = 0; i < n; i++) dn += direction[i] * direction[i];
  if (!(dn > 0)) invalidParam('direction', 'a non-zero finite vector', 'a zero vector');
  dn = Math.sqrt(dn);
  // Order by eigenvalue (eigh returns ascending; do not rely on it).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => eig.values[b] - eig.values[a]);
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const c = order[j];
    let s = 0;
    for (let i = 0; i < n; i++) s += eig.vectors[i * n + c] * direction[i];
    out[j] = Math.abs(s) / dn;
  }
  return out;
}

export interface AgreementResult {
  /** k×k row-major: entry (j, l) = |u_jᵀu'_l| · |v_jᵀv'_l|. */
  matrix: Float64Array;
  /** Entries (j, j). */
  diagonal: Float64Array;
  /** Mean of the diagonal: 1 when the top-k singular pairs are unchanged. */
  diagonalMean: number;
  k: number;
}

/**
 * Singular-vector agreement of two checkpoints of an m×n matrix (Yunis et al.):
 * |u_jᵀu'_l|·|v_jᵀv'_l| for the top-k singular pairs of each (svd results with u and v).
 */
export function singularVectorAgreement(
  a: { u?: ArrayLike<number>; v?: ArrayLike<number> },
  b: { u?: ArrayLike<number>; v?: ArrayLike<number> },
  m: number,
  n: number,
  k?: number,
): AgreementResult {
  if (!a.u || !a.v) invalidParam('a', 'an svd result with u and v (svd with k > 0)', 'no vectors');
  if (!b.u || !b.v) invalidParam('b', 'an svd result with u and v (svd with k > 0)', 'no vectors');
  const ka = cols(a.u, m, 'a.u'), kb = cols(b.u, m, 'b.u');
  if (cols(a.v, n, 'a.v') !== ka) invalidParam('a.v', `${n}×${ka}`, a.v.length);
  if (cols(b.v, n, 'b.v') !== kb) invalidParam('b.v', `${n}×${kb}`, b.v.length);
  const kk = k ?? Math.min(ka, kb);
  checkInt('k', kk, 1, Math.min(ka, kb));
  const matrix = new Float64Array(kk * kk);
  for (let j = 0; j < kk; j++)
    for (let l = 0; l < kk; l++)
      matrix[j * kk + l] = Math.abs(colDot(a.u, ka, j, b.u, kb, l, m)) * Math.abs(colDot(a.v, ka, j, b.v, kb, l, n));
  const diagonal = Float64Array.from({ length: kk }, (_, j) => matrix[j * kk + j]);
  const diagonalMean = diagonal.reduce((s, x) => s + x, 0) / kk;
  return { matrix, diagonal, diagonalMean, k: kk };
}

export interface AlignmentResult {
  /** k×k row-major: entry (j, l) = |⟨u_j(W_i), v_l(W_{i+1})⟩|. */
  matrix: Float64Array;
  diagonal: Float64Array;
  diagonalMean: number;
  k: number;
}

/**
 * Adjacent-layer alignment: W_i is m×n (maps R^n to R^m), W_{i+1} is p×m; compares the
 * output singular vectors u_j of W_i with the input singular vectors v_l of W_{i+1}.
 */
export function adjacentLayerAlignment(
  layer: { u?: ArrayLike<number> },
  next: { v?: ArrayLike<number> },
  m: number,
  k?: number,
): AlignmentResult {
  if (!layer.u) invalidParam('layer.u', 'present (svd with k > 0)', 'undefined');
  if (!next.v) invalidParam('next.v', 'present (svd with k > 0)', 'undefined');
  const ku = cols(layer.u, m, 'layer.u'), kv = cols(next.v, m, 'next.v');
  const kk = k ?? Math.min(ku, kv);
  checkInt('k', kk, 1, Math.min(ku, kv));
  const matrix = new Float64Array(kk * kk);
  for (let j = 0; j < kk; j++) for (let l = 0; l < kk; l++) matrix[j * kk + l] = Math.abs(colDot(layer.u, ku, j, next.v, kv, l, m));
  const diagonal = Float64Array.from({ length: kk }, (_, j) => matrix[j * kk + j]);
  return { matrix, diagonal, diagonalMean: diagonal.reduce((s, x) => s + x, 0) / kk, k: kk };
}
