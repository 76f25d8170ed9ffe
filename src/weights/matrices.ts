/**
 * From a stored tensor to the matrices whose spectra make a layer: a 2-D tensor is one matrix;
 * a 4-D convolution kernel is either its kh·kw taps (each c_out × c_in, the spectra pooled) or
 * one (c_out, c_in·kh·kw) matrix. Other ranks are not layers.
 */
import type { TensorEntry } from '../io/tensor.js';

/** How 4-D convolution kernels become matrices. */
export type ConvMode = 'slices' | 'reshape';

/** A row-major rows × cols matrix: `data` from `offset` when contiguous. */
export interface MatrixView {
  rows: number;
  cols: number;
  data: Float32Array | Float64Array;
}

export type LayerKind = 'dense' | 'conv2d';

/** Why a tensor is not a layer, or null when it is one. */
export function notALayer(t: TensorEntry): string | null {
  const r = t.shape.length;
  if (r === 0) return 'a scalar';
  if (r === 1) return '1-D (bias or normalisation)';
  if (r !== 2 && r !== 4) return `${r}-D: only 2-D (linear, embedding) and 4-D (convolution) tensors are layers`;
  if (t.shape.includes(0)) return `empty (shape ${t.shape.join('×')})`;
  const m = matrixShapes(t, 'slices');
  if (Math.min(m.rows, m.cols) < 2) return `its matrices are ${m.rows} × ${m.cols}: fewer than 2 eigenvalues each`;
  return null;
}

/** Rows, cols and count of the matrices a layer splits into. */
export function matrixShapes(t: TensorEntry, conv: ConvMode): { rows: number; cols: number; count: number } {
  const s = t.shape;
  if (s.length === 2) return { rows: s[0], cols: s[1], count: 1 };
  const [cout, cin, kh, kw] = t.layout === 'HWIO' ? [s[3], s[2], s[0], s[1]] : s;
  if (conv === 'reshape') return { rows: cout, cols: cin * kh * kw, count: 1 };
  return { rows: cout, cols: cin, count: kh * kw };
}

/**
 * The matrices of a layer. For 'reshape' the stored data already is such a matrix (OIHW:
 * c_out × c_in·kh·kw; HWIO: its transpose up to a permutation of rows, which leaves the
 * singular values unchanged), so no copy is made.
 */
export function layerMatrices(t: TensorEntry, data: Float32Array | Float64Array, conv: ConvMode): MatrixView[] {
  const s = t.shape;
  if (s.length === 2) return [{ rows: s[0], cols: s[1], data }];
  if (conv === 'reshape') {
    return t.layout === 'HWIO' ? [{ rows: s[0] * s[1] * s[2], cols: s[3], data }] : [{ rows: s[0], cols: s[1] * s[2] * s[3], data }];
  }
  const out: MatrixView[] = [];
  const Ctor = data.constructor as { new (n: number): Float32Array | Float64Array };
  if (t.layout === 'HWIO') {
    // (kh, kw, c_in, c_out): each tap is a contiguous c_in × c_out block.
    const [kh, kw, cin, cout] = s;
    for (let tap = 0; tap < kh * kw; tap++) out.push({ rows: cin, cols: cout, data: data.subarray(tap * cin * cout, (tap + 1) * cin * cout) });
    return out;
  }
  const [cout, cin, kh, kw] = s;
  const taps = kh * kw;
  for (let tap = 0; tap < taps; tap++) {
    const m = new Ctor(cout * cin);
    for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) m[o * cin + i] = data[(o * cin + i) * taps + tap];
    out.push({ rows: cout, cols: cin, data: m });
  }
  return out;
}
