/**
 * safetensors: an 8-byte little-endian header length n, n bytes of JSON
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {...} }`, then the data
 * (offsets relative to byte 8 + n). Sharded models add `model.safetensors.index.json`
 * (`{ weight_map: { name: shard file } }`). Only headers are read up front; each tensor is one
 * read by offset.
 */
import { decodeFloats, floatBytes } from './dtype.js';
import { formatError, readChecked, type ByteSource, type SourceResolver } from './source.js';
import { elementCount, type FloatDType, type SkippedTensor, type TensorEntry, type TensorListing } from './tensor.js';

/** Largest header accepted (the format's own reference implementation uses the same bound). */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

const SIZES: Record<string, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1,
  F8_E4M3: 1, F8_E5M2: 1, F8_E8M0: 1, E8M0: 1,
};
const FLOATS = new Set(['F64', 'F32', 'F16', 'BF16']);
/** Sub-byte types: their byte length is not shape × an integer size. */
const PACKED: Record<string, number> = { F4: 0.5, F6_E2M3: 0.75, F6_E3M2: 0.75 };

function parseJson(src: ByteSource, bytes: Uint8Array, what: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw formatError(src.name, `${what} is not UTF-8 text`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw formatError(src.name, `${what} is not JSON (${(e as Error).message.split('\n')[0].slice(0, 100)})`);
  }
}

/** Lists the tensors of one safetensors file from its header (no tensor data is read). */
export async function readSafetensors(src: ByteSource): Promise<TensorListing> {
  if (src.size < 8) throw formatError(src.name, `truncated: ${src.size} bytes, shorter than the 8-byte header length`);
  const lenBytes = await readChecked(src, 0, 8, 'the header length');
  const dv = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8);
  const n = dv.getUint32(4, true) * 2 ** 32 + dv.getUint32(0, true);
  if (n > SAFETENSORS_MAX_HEADER) throw formatError(src.name, `header length ${n} is above the ${SAFETENSORS_MAX_HEADER}-byte limit (not a safetensors file?)`);
  if (8 + n > src.size) throw formatError(src.name, `truncated: the header length ${n} runs past the end of the ${src.size}-byte file`);
  const header = parseJson(src, await readChecked(src, 8, n, 'the header'), 'the header');
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw formatError(src.name, 'the header is not a JSON object');
  const dataStart = 8 + n;
  const dataSize = src.size - dataStart;
  const tensors: TensorEntry[] = [];
  const skipped: SkippedTensor[] = [];
  const ranges: Array<[number, number, string]> = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const bad = (what: string) => formatError(src.name, `tensor ${JSON.stringify(name)}: ${what}`);
    if (info === null || typeof info !== 'object') throw bad('header entry is not an object');
    const { dtype, shape, data_offsets: off } = info as Record<string, unknown>;
    if (typeof dtype !== 'string') throw bad('dtype is missing');
    const count = elementCount(shape);
    if (count < 0) throw bad(`shape ${JSON.stringify(shape)?.slice(0, 80)} is not a list of non-negative integers`);
    if (!Array.isArray(off) || off.length !== 2 || !off.every((x) => Number.isSafeInteger(x) && x >= 0))
      throw bad('data_offsets must be two non-negative integers');
    const [begin, end] = off as [number, number];
    if (end < begin) throw bad(`data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataSize) throw bad(`data_offsets [${begin}, ${end}] run past the ${dataSize} bytes of data`);
    const size = SIZES[dtype] ?? PACKED[dtype];
    if (size === undefined) {
      skipped.push({ name, reason: `dtype ${dtype} is not a known safetensors type` });
      ranges.push([begin, end, name]);
      continue;
    }
    const expected = Math.ceil(count * size);
    if (end - begin !== expected)
      throw bad(`shape ${JSON.stringify(shape)} × ${dtype} is ${expected} bytes but data_offsets span ${end - begin}`);
    ranges.push([begin, end, name]);
    if (!FLOATS.has(dtype)) {
      skipped.push({ name, reason: `dtype ${dtype}: only F64, F32, F16 and BF16 weights are analysed` });
      continue;
    }
    const dt = dtype as FloatDType;
    tensors.push({
      name,
      file: src.name,
      dtype,
      shape: (shape as number[]).slice(),
      layout: (shape as number[]).length === 4 ? 'OIHW' : undefined,
      read: async () => decodeFloats(await readChecked(src, dataStart + begin, end - begin, `tensor ${JSON.stringify(name)}`), dt, count),
    });
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < ranges.length; i++)
    if (ranges[i][0] < ranges[i - 1][1])
      throw formatError(src.name, `tensors ${JSON.stringify(ranges[i - 1][2])} and ${JSON.stringify(ranges[i][2])} overlap in the data`);
  return { format: 'safetensors', files: [src.name], tensors, skipped };
}

/**
 * A sharded model: `index` is `model.safetensors.index.json`; its `weight_map` names the
 * shard of every tensor. Each shard's tensors are listed once, in the order of the index.
 */
export async function readSafetensorsIndex(index: ByteSource, resolver: SourceResolver): Promise<TensorListing> {
  if (index.size > 64 * 2 ** 20) throw formatError(index.name, `the index is ${index.size} bytes, above the 64 MiB limit for a JSON index`);
  const doc = parseJson(index, await readChecked(index, 0, index.size, 'the index'), 'the index');
  const map = (doc as { weight_map?: unknown } | null)?.weight_map;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw formatError(index.name, 'has no "weight_map" object');
  const shards: string[] = [];
  for (const [name, file] of Object.entries(map as Record<string, unknown>)) {
    if (typeof file !== 'string') throw formatError(index.name, `weight_map entry ${JSON.stringify(name)} is not a file name`);
    if (!shards.includes(file)) shards.push(file);
  }
  const out: TensorListing = { format: 'safetensors', files: [index.name], tensors: [], skipped: [] };
  for (const file of shards) {
    const shard = await readSafetensors(await resolver.sibling(index, file));
    out.files.push(...shard.files);
    const wanted = (n: string) => (map as Record<string, string>)[n] === file;
    out.tensors.push(...shard.tensors.filter((t) => wanted(t.name)));
    out.skipped.push(...shard.skipped.filter((t) => wanted(t.name)));
    const listed = new Set([...shard.tensors, ...shard.skipped].map((t) => t.name));
    for (const [n, f] of Object.entries(map as Record<string, string>))
      if (f === file && !listed.has(n)) throw formatError(index.name, `tensor ${JSON.stringify(n)} is not in ${file}`);
  }
  return out;
}
