/**
 * Weight files built in the tests: matrices with chosen singular values (W = U·diag(s)·Vᵀ with
 * random orthogonal U, V), written in every supported format by writers independent of the
 * readers (the ONNX writer uses protobufjs's encoder with the same schema).
 */
import protobuf from 'protobufjs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zipSync } from 'fflate';

/** Deterministic normals (xorshift + Box–Muller): fixtures must not depend on the code under test. */
export function rng(seed: number): () => number {
  let s = (seed * 2654435761 + 1) >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** A random n×n orthogonal matrix (modified Gram–Schmidt of a Gaussian matrix), row-major. */
export function orthogonal(n: number, normal: () => number): Float64Array {
  const q = Float64Array.from({ length: n * n }, normal);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += q[i * n + j] * q[i * n + k];
      for (let i = 0; i < n; i++) q[i * n + j] -= d * q[i * n + k];
    }
    let nrm = 0;
    for (let i = 0; i < n; i++) nrm += q[i * n + j] ** 2;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < n; i++) q[i * n + j] /= nrm;
  }
  return q;
}

/** rows×cols W = U diag(s) Vᵀ with the given singular values (s.length = min(rows, cols)). */
export function withSingularValues(rows: number, cols: number, s: number[], seed = 1): Float64Array {
  const normal = rng(seed);
  const U = orthogonal(rows, normal), V = orthogonal(cols, normal);
  const W = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      let x = 0;
      for (let k = 0; k < s.length; k++) x += U[i * rows + k] * s[k] * V[j * cols + k];
      W[i * cols + j] = x;
    }
  return W;
}

/** Round-to-nearest-even float32 → binary16 bits (independent of the reader's decoder). */
export function toF16Bits(x: number): number {
  const f = new Float32Array([x]);
  const b = new Uint32Array(f.buffer)[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1), half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** bfloat16 bits by round-to-nearest-even of the float32 value. */
export function toBf16Bits(x: number): number {
  const b = new Uint32Array(new Float32Array([x]).buffer)[0];
  return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}

export type Dt = 'F64' | 'F32' | 'F16' | 'BF16';

/** Little-endian bytes of `v` in dtype `dt` (or big-endian). */
export function encode(v: ArrayLike<number>, dt: Dt, bigEndian = false): Uint8Array {
  const size = dt === 'F64' ? 8 : dt === 'F32' ? 4 : 2;
  const out = new Uint8Array(v.length * size);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < v.length; i++) {
    if (dt === 'F64') dv.setFloat64(8 * i, v[i], !bigEndian);
    else if (dt === 'F32') dv.setFloat32(4 * i, v[i], !bigEndian);
    else dv.setUint16(2 * i, dt === 'F16' ? toF16Bits(v[i]) : toBf16Bits(v[i]), !bigEndian);
  }
  return out;
}

/** The values a reader must return for `v` stored as `dt` (float32/f16/bf16 rounding applied). */
export function rounded(v: ArrayLike<number>, dt: Dt): Float64Array {
  const b = encode(v, dt);
  const dv = new DataView(b.buffer);
  return Float64Array.from({ length: v.length }, (_, i) => {
    if (dt === 'F64') return dv.getFloat64(8 * i, true);
    if (dt === 'F32') return dv.getFloat32(4 * i, true);
    const h = dv.getUint16(2 * i, true);
    if (dt === 'BF16') return new Float32Array(new Uint32Array([h << 16]).buffer)[0];
    const e = (h >> 10) & 31, m = h & 1023, s = h & 0x8000 ? -1 : 1;
    return e === 0 ? s * m * 2 ** -24 : s * (1 + m / 1024) * 2 ** (e - 15);
  });
}

export interface T { name: string; dtype: string; shape: number[]; bytes: Uint8Array }

/** A safetensors file; `pad` aligns the data to 8 bytes as the reference writer does. */
export function safetensors(tensors: T[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let off = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [off, off + t.bytes.length] };
    off += t.bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const hb = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + hb.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  let p = 8 + hb.length;
  for (const t of tensors) {
    out.set(t.bytes, p);
    p += t.bytes.length;
  }
  return out;
}

/** A .npy file (format 1.0) of float data `v` stored in C or Fortran order. */
export function npy(v: ArrayLike<number>, shape: number[], descr: string, fortran = false): Uint8Array {
  let data: ArrayLike<number> = v;
  if (fortran && shape.length === 2) {
    const [r, c] = shape;
    const f = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) f[j * r + i] = v[i * c + j];
    data = f;
  }
  const dt = ({ f2: 'F16', f4: 'F32', f8: 'F64' } as Record<string, Dt>)[descr.slice(1)];
  const body = encode(data, dt, descr[0] === '>');
  let h = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  h += ' '.repeat(63 - ((10 + h.length) % 64)) + '\n';
  const out = new Uint8Array(10 + h.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, h.length, true);
  for (let i = 0; i < h.length; i++) out[10 + i] = h.charCodeAt(i);
  out.set(body, 10 + h.length);
  return out;
}

/** An .npz archive (stored, or deflated as np.savez_compressed does). */
export function npz(entries: Record<string, Uint8Array>, compressed = false): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(entries)) files[`${k}.npy`] = v;
  return zipSync(files, { level: compressed ? 6 : 0 });
}

const onnxRoot = protobuf.parse(readFileSync(resolve(import.meta.dirname, '../../src/io/onnx.proto'), 'utf8'), { keepCase: true }).root;
export const ModelProto = onnxRoot.lookupType('onnx.ModelProto');

/** An ONNX model from plain objects (TensorProto fields in snake_case). */
export function onnxModel(graph: Record<string, unknown>): Uint8Array {
  // A plain Uint8Array copy: protobufjs returns a Node Buffer, whose slice() is a view.
  return new Uint8Array(ModelProto.encode(ModelProto.fromObject({ ir_version: 8, opset_import: [{ version: 17 }], graph: { name: "g", ...graph } })).finish());
}

/** TF.js float32 → uint8 quantization as tfjs-converter does it: scale, min, round. */
export function quantizeU8(v: ArrayLike<number>): { q: Uint8Array; scale: number; min: number } {
  let mn = Infinity, mx = -Infinity;
  for (let i = 0; i < v.length; i++) {
    mn = Math.min(mn, v[i]);
    mx = Math.max(mx, v[i]);
  }
  const scale = (mx - mn) / 255;
  return { q: Uint8Array.from({ length: v.length }, (_, i) => Math.round((v[i] - mn) / scale)), scale, min: mn };
}

/** Exact eigenvalues σ² ascending for chosen singular values (min(rows, cols) of them). */
export function squaresAscending(s: number[]): number[] {
  return s.map((x) => x * x).sort((a, b) => a - b);
}
