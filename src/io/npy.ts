/**
 * NumPy .npy: magic `\x93NUMPY`, version, header length (u16 in 1.0, u32 in 2.0/3.0), a Python
 * dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` read by a strict
 * parser of exactly that grammar (never evaluated), then the data. Floats f2/f4/f8 in either byte
 * order and both memory orders are read; Fortran-ordered data is transposed to C order.
 */
import { decodeFloats } from './dtype.js';
import { formatError, readChecked, type ByteSource } from './source.js';
import { elementCount, type FloatDType, type TensorEntry, type TensorListing } from './tensor.js';

/** Largest header accepted (NumPy writes a few hundred bytes). */
export const NPY_MAX_HEADER = 1 << 20;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Offset of the data from the start of the file. */
  dataOffset: number;
}

/** True when `b` starts with the .npy magic string. */
export function isNpy(b: Uint8Array): boolean {
  return b.length >= 6 && MAGIC.every((m, i) => b[i] === m);
}

/** Parses the header dict literal (keys descr, fortran_order, shape; nothing else). */
function parseDict(file: string, text: string): Omit<NpyHeader, 'dataOffset'> {
  let i = 0;
  const fail = (what: string): never => {
    throw formatError(file, `the .npy header is malformed: ${what} at character ${i}`);
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const eat = (c: string) => {
    ws();
    if (text[i] !== c) fail(`expected ${JSON.stringify(c)}`);
    i++;
  };
  const str = (): string => {
    ws();
    const q = text[i];
    if (q !== "'" && q !== '"') fail('expected a string');
    const end = text.indexOf(q, i + 1);
    if (end < 0) fail('unterminated string');
    const s = text.slice(i + 1, end);
    i = end + 1;
    return s;
  };
  const value = (key: string): unknown => {
    ws();
    if (key === 'descr') return str();
    if (key === 'fortran_order') {
      for (const w of ['True', 'False'])
        if (text.startsWith(w, i)) {
          i += w.length;
          return w === 'True';
        }
      return fail('expected True or False');
    }
    eat('(');
    const dims: number[] = [];
    for (;;) {
      ws();
      if (text[i] === ')') break;
      const m = /^\d{1,16}/.exec(text.slice(i, i + 17));
      if (!m) fail('expected a dimension');
      dims.push(Number(m![0]));
      i += m![0].length;
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== ')') fail('expected "," or ")"');
      if (dims.length > 32) fail('more than 32 dimensions');
    }
    i++;
    return dims;
  };
  const out: Record<string, unknown> = {};
  eat('{');
  for (;;) {
    ws();
    if (text[i] === '}') break;
    const key = str();
    if (key !== 'descr' && key !== 'fortran_order' && key !== 'shape') fail(`unexpected key ${JSON.stringify(key)}`);
    if (key in out) fail(`repeated key ${key}`);
    eat(':');
    out[key] = value(key);
    ws();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail('expected "," or "}"');
  }
  if (!('descr' in out) || !('fortran_order' in out) || !('shape' in out)) throw formatError(file, 'the .npy header lacks descr, fortran_order or shape');
  return { descr: out.descr as string, fortranOrder: out.fortran_order as boolean, shape: out.shape as number[] };
}

/** Reads and validates the header of a .npy file. */
export async function readNpyHeader(src: ByteSource): Promise<NpyHeader> {
  if (src.size < 10) throw formatError(src.name, `truncated: ${src.size} bytes is shorter than a .npy preamble`);
  const pre = await readChecked(src, 0, 12 <= src.size ? 12 : 10, 'the .npy preamble');
  if (!isNpy(pre)) throw formatError(src.name, 'does not start with the .npy magic string');
  const major = pre[6];
  if (major < 1 || major > 3) throw formatError(src.name, `.npy format version ${major}.${pre[7]} is not 1.0, 2.0 or 3.0`);
  const dv = new DataView(pre.buffer, pre.byteOffset, pre.length);
  if (major > 1 && pre.length < 12) throw formatError(src.name, 'truncated .npy preamble');
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (hlen > NPY_MAX_HEADER) throw formatError(src.name, `.npy header length ${hlen} is above the ${NPY_MAX_HEADER}-byte limit`);
  const raw = await readChecked(src, start, hlen, 'the .npy header');
  let text = '';
  for (const c of raw) text += String.fromCharCode(c);
  return { ...parseDict(src.name, text), dataOffset: start + hlen };
}

const FLOAT_DESCR: Record<string, FloatDType> = { f2: 'F16', f4: 'F32', f8: 'F64' };

/** Lists the one array of a .npy file (named `name`, default the file name without .npy). */
export async function readNpy(src: ByteSource, name?: string): Promise<TensorListing> {
  const h = await readNpyHeader(src);
  const tname = name ?? src.name.replace(/^.*[/\\]/, '').replace(/\.npy$/i, '');
  const count = elementCount(h.shape);
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(h.descr);
  if (!m) return { format: 'npy', files: [src.name], tensors: [], skipped: [{ name: tname, reason: `dtype ${h.descr} is not a plain numeric type` }] };
  const size = Number(m[3]);
  if (count < 0 || !Number.isSafeInteger(count * size)) throw formatError(src.name, `shape ${JSON.stringify(h.shape)} is too large`);
  const bytes = count * size;
  if (h.dataOffset + bytes !== src.size)
    throw formatError(src.name, `shape ${JSON.stringify(h.shape)} × ${h.descr} is ${bytes} bytes but the file holds ${src.size - h.dataOffset} after its header`);
  const dt = m[2] === 'f' ? FLOAT_DESCR[`f${m[3]}`] : undefined;
  if (!dt) return { format: 'npy', files: [src.name], tensors: [], skipped: [{ name: tname, reason: `dtype ${h.descr}: only float16, float32 and float64 arrays are analysed` }] };
  const big = m[1] === '>';
  const entry: TensorEntry = {
    name: tname,
    file: src.name,
    dtype: h.descr,
    shape: h.shape.slice(),
    layout: h.shape.length === 4 ? 'OIHW' : undefined,
    read: async () => {
      const v = decodeFloats(await readChecked(src, h.dataOffset, bytes, 'the array data'), dt, count, big);
      return h.fortranOrder && h.shape.length > 1 ? fortranToC(v, h.shape) : v;
    },
  };
  return { format: 'npy', files: [src.name], tensors: [entry], skipped: [] };
}

/** Reorders column-major data into row-major (C) order for any rank. */
export function fortranToC<T extends Float32Array | Float64Array>(v: T, shape: number[]): T {
  const out = new (v.constructor as { new (n: number): T })(v.length);
  const r = shape.length;
  // Strides of the Fortran layout, walked in C order with an odometer.
  const fstride = new Array<number>(r);
  let s = 1;
  for (let k = 0; k < r; k++) {
    fstride[k] = s;
    s *= shape[k];
  }
  const idx = new Array<number>(r).fill(0);
  let src = 0;
  for (let c = 0; c < v.length; c++) {
    out[c] = v[src];
    for (let k = r - 1; k >= 0; k--) {
      idx[k]++;
      src += fstride[k];
      if (idx[k] < shape[k]) break;
      src -= fstride[k] * shape[k];
      idx[k] = 0;
    }
  }
  return out;
}
