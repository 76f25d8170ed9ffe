/**
 * TensorFlow.js models: `model.json` (its `weightsManifest`) or a bare weights manifest
 * (`*-weights_manifest.json`, a list of groups). Each group's weights lie back to back across
 * the group's shard files in manifest order. float32 weights are read as stored; weights
 * quantized to uint8/uint16 are dequantized as TF.js does, value = q·scale + min in float32;
 * float16-quantized weights are widened exactly. Kernels of 4-D convolutions are (kh, kw, in, out).
 */
import { decodeFloats } from './dtype.js';
import { formatError, readChecked, type ByteSource, type SourceResolver } from './source.js';
import { elementCount, type SkippedTensor, type TensorEntry, type TensorListing } from './tensor.js';

/** Largest model.json accepted (topologies of large models run to a few MiB). */
export const TFJS_MAX_JSON = 64 * 2 ** 20;

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, int8: 1, int16: 2, complex64: 8 };

interface WeightSpec {
  name?: unknown;
  shape?: unknown;
  dtype?: unknown;
  quantization?: { dtype?: unknown; scale?: unknown; min?: unknown; original_dtype?: unknown };
}

/** True when a parsed JSON document looks like a TF.js model or manifest. */
export function isTfjsDoc(doc: unknown): boolean {
  return Array.isArray(doc) || (!!doc && typeof doc === 'object' && 'weightsManifest' in doc);
}

/** Reads a window of a group: the bytes [offset, offset + length) of its shards laid end to end. */
async function readSpan(shards: ByteSource[], offset: number, length: number, what: string): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let base = 0, done = 0;
  for (const s of shards) {
    const lo = Math.max(offset + done, base);
    const hi = Math.min(offset + length, base + s.size);
    if (hi > lo) {
      out.set(await readChecked(s, lo - base, hi - lo, what), lo - offset);
      done = hi - offset;
    }
    base += s.size;
    if (done >= length) break;
  }
  return out;
}

/** Lists the weights of a TF.js model from its parsed `model.json` (or manifest) document. */
export async function readTfjs(src: ByteSource, doc: unknown, resolver: SourceResolver): Promise<TensorListing> {
  const manifest = Array.isArray(doc) ? doc : (doc as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(manifest)) throw formatError(src.name, 'has no weightsManifest list');
  const out: TensorListing = { format: 'tfjs', files: [src.name], tensors: [], skipped: [] };
  for (const [gi, group] of manifest.entries()) {
    const g = group as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(g?.paths) || !Array.isArray(g.weights)) throw formatError(src.name, `weightsManifest[${gi}] lacks "paths" or "weights"`);
    const shards: ByteSource[] = [];
    for (const p of g.paths) {
      const s = await resolver.sibling(src, p as string);
      shards.push(s);
      if (!out.files.includes(s.name)) out.files.push(s.name);
    }
    const groupBytes = shards.reduce((a, s) => a + s.size, 0);
    let offset = 0;
    for (const w of g.weights as WeightSpec[]) {
      const name = typeof w?.name === 'string' ? w.name : null;
      if (name === null) throw formatError(src.name, `weightsManifest[${gi}] has a weight without a name`);
      const bad = (what: string) => formatError(src.name, `weight ${JSON.stringify(name)}: ${what}`);
      const count = elementCount(w.shape);
      if (count < 0) throw bad(`shape ${JSON.stringify(w.shape)?.slice(0, 80)} is not a list of non-negative integers`);
      const q = w.quantization;
      const storedType = q ? q.dtype : w.dtype;
      if (typeof storedType !== 'string' || !(storedType in BYTES)) throw bad(`unknown dtype ${JSON.stringify(storedType)}`);
      const bytes = count * BYTES[storedType];
      const start = offset;
      offset += bytes;
      if (offset > groupBytes) throw bad(`needs bytes ${start}..${offset} of its group but the shards hold ${groupBytes} (truncated)`);
      const shape = (w.shape as number[]).slice();
      const logical = q ? (q.original_dtype ?? w.dtype ?? 'float32') : w.dtype;
      const skip = (reason: string) => out.skipped.push({ name, reason } satisfies SkippedTensor);
      if (logical !== 'float32') {
        skip(`dtype ${String(logical)}: only float32 weights are analysed`);
        continue;
      }
      let decode: (b: Uint8Array) => Float32Array;
      if (!q || storedType === 'float32') decode = (b) => decodeFloats(b, 'F32', count) as Float32Array;
      else if (storedType === 'float16') decode = (b) => decodeFloats(b, 'F16', count) as Float32Array;
      else if (storedType === 'uint8' || storedType === 'uint16') {
        const scale = q.scale, min = q.min;
        if (typeof scale !== 'number' || typeof min !== 'number' || !Number.isFinite(scale) || !Number.isFinite(min))
          throw bad(`${storedType} quantization needs finite "scale" and "min"`);
        decode = (b) => dequantize(b, storedType, count, scale, min);
      } else {
        skip(`quantization dtype ${storedType} is not read`);
        continue;
      }
      const what = `weight ${JSON.stringify(name)}`;
      out.tensors.push({
        name,
        file: shards[0]?.name ?? src.name,
        dtype: q ? `${storedType}→float32` : 'float32',
        shape,
        layout: shape.length === 4 ? 'HWIO' : undefined,
        read: async () => decode(await readSpan(shards, start, bytes, what)),
      });
    }
  }
  return out;
}

/** TF.js's dequantization: q·scale + min, rounded once to float32. */
export function dequantize(b: Uint8Array, dtype: 'uint8' | 'uint16', count: number, scale: number, min: number): Float32Array {
  const out = new Float32Array(count);
  if (dtype === 'uint8') for (let i = 0; i < count; i++) out[i] = b[i] * scale + min;
  else {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < count; i++) out[i] = dv.getUint16(2 * i, true) * scale + min;
  }
  return out;
}
