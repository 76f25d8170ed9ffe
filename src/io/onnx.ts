/**
 * ONNX models, decoded by protobufjs with the ONNX schema (onnx.proto beside this file). The
 * weights are wherever the model keeps them: graph initializers (`raw_data`, `float_data`,
 * `double_data`, or `int32_data` for 16-bit floats; or external data files beside the model)
 * and the `value` tensors of `Constant` nodes, named by the node's output. Subgraphs (If, Loop,
 * Scan bodies) are searched too. Protobuf cannot be decoded in pieces, so the model file is read
 * whole (external data is read tensor by tensor).
 */
import protobuf from 'protobufjs';
import { decodeFloats, floatBytes } from './dtype.js';
import schema from './onnx.proto?raw';
import { formatError, readChecked, type ByteSource, type SourceResolver } from './source.js';
import { elementCount, type FloatDType, type SkippedTensor, type TensorEntry, type TensorListing } from './tensor.js';

let modelType: protobuf.Type | null = null;
function ModelProto(): protobuf.Type {
  modelType ??= protobuf.parse(schema, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/** ONNX TensorProto.DataType codes of the float types read, and names of the others. */
const FLOAT_TYPES: Record<number, FloatDType> = { 1: 'F32', 10: 'F16', 11: 'F64', 16: 'BF16' };
const TYPE_NAMES: Record<number, string> = {
  0: 'UNDEFINED', 1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'STRING',
  9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 14: 'COMPLEX64', 15: 'COMPLEX128', 16: 'BFLOAT16',
  17: 'FLOAT8E4M3FN', 18: 'FLOAT8E4M3FNUZ', 19: 'FLOAT8E5M2', 20: 'FLOAT8E5M2FNUZ', 21: 'UINT4', 22: 'INT4', 23: 'FLOAT4E2M1',
};
/** Deepest subgraph nesting searched (real models nest a few levels). */
const MAX_GRAPH_DEPTH = 16;

interface Tensor {
  name?: string;
  dims?: unknown[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  double_data?: number[];
  int32_data?: number[];
  data_location?: number;
  external_data?: Array<{ key?: string; value?: string }>;
}
interface Attribute { name?: string; t?: Tensor; g?: Graph; graphs?: Graph[] }
interface Node { op_type?: string; output?: string[]; attribute?: Attribute[] }
interface Graph { initializer?: Tensor[]; sparse_initializer?: Array<{ values?: Tensor }>; node?: Node[] }

/** An int64 field as a number (protobufjs gives Long objects); NaN when not a safe integer. */
function int64(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x && typeof x === 'object' && 'toNumber' in x) {
    const l = x as { toNumber(): number; high: number };
    const n = l.toNumber();
    return Number.isSafeInteger(n) ? n : NaN;
  }
  return NaN;
}

/** Decodes an ONNX model and lists its float weight tensors. */
export async function readOnnx(src: ByteSource, resolver: SourceResolver): Promise<TensorListing> {
  const bytes = await readChecked(src, 0, src.size, 'the model');
  let model: { graph?: Graph };
  try {
    model = ModelProto().decode(bytes) as unknown as { graph?: Graph };
  } catch (e) {
    throw formatError(src.name, `is not a valid ONNX protobuf (${(e as Error).message.split('\n')[0].slice(0, 100)})`);
  }
  if (!model.graph) throw formatError(src.name, 'is not an ONNX model (no graph)');
  const out: TensorListing = { format: 'onnx', files: [src.name], tensors: [], skipped: [] };
  // External data files are located while listing, so a missing one is reported up front.
  const externals: Promise<ByteSource>[] = [];
  const visit = (g: Graph, depth: number): void => {
    if (depth > MAX_GRAPH_DEPTH) throw formatError(src.name, `subgraphs nest deeper than ${MAX_GRAPH_DEPTH} levels`);
    for (const t of g.initializer ?? []) addTensor(src, resolver, t, t.name || '(unnamed initializer)', out, externals);
    for (const s of g.sparse_initializer ?? []) out.skipped.push({ name: s.values?.name || '(sparse initializer)', reason: 'sparse tensors are not analysed' });
    for (const n of g.node ?? []) {
      for (const a of n.attribute ?? []) {
        if (n.op_type === 'Constant' && a.name === 'value' && a.t) addTensor(src, resolver, a.t, n.output?.[0] || a.t.name || '(unnamed constant)', out, externals);
        if (a.g) visit(a.g, depth + 1);
        for (const sg of a.graphs ?? []) visit(sg, depth + 1);
      }
    }
  };
  visit(model.graph, 0);
  await Promise.all(externals);
  return out;
}

function addTensor(src: ByteSource, resolver: SourceResolver, t: Tensor, name: string, out: TensorListing, externals: Promise<ByteSource>[]): void {
  const bad = (what: string) => formatError(src.name, `tensor ${JSON.stringify(name)}: ${what}`);
  const shape = (t.dims ?? []).map(int64);
  const count = elementCount(shape);
  if (count < 0) throw bad(`dims ${JSON.stringify(shape)} are not non-negative integers`);
  const code = t.data_type ?? 0;
  const dt = FLOAT_TYPES[code];
  const typeName = TYPE_NAMES[code] ?? `type ${code}`;
  const skip = (reason: string) => out.skipped.push({ name, reason } satisfies SkippedTensor);
  if (!dt) {
    skip(`data type ${typeName}: only FLOAT, FLOAT16, BFLOAT16 and DOUBLE weights are analysed`);
    return;
  }
  const size = floatBytes(dt);
  const entry = (read: () => Promise<Float32Array | Float64Array>): TensorEntry => ({
    name, file: src.name, dtype: typeName, shape, layout: shape.length === 4 ? 'OIHW' : undefined, read,
  });
  if (t.data_location === 1) {
    const kv = new Map((t.external_data ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    const location = kv.get('location');
    if (!location) throw bad('external data without a location');
    const num = (k: string, dflt: number): number => {
      const v = kv.get(k);
      if (v === undefined) return dflt;
      if (!/^\d{1,16}$/.test(v)) throw bad(`external data ${k} ${JSON.stringify(v.slice(0, 40))} is not a byte count`);
      return Number(v);
    };
    const offset = num('offset', 0);
    const length = num('length', count * size);
    if (length !== count * size) throw bad(`dims × ${typeName} is ${count * size} bytes but the external data length is ${length}`);
    externals.push(resolver.sibling(src, location).then((file) => {
      if (!out.files.includes(file.name)) out.files.push(file.name);
      return file;
    }));
    const filePromise = externals[externals.length - 1];
    filePromise.catch(() => {}); // reported by the Promise.all in readOnnx
    out.tensors.push(entry(async () => {
      const file = await filePromise;
      return decodeFloats(await readChecked(file, offset, length, `tensor ${JSON.stringify(name)}`), dt, count);
    }));
    return;
  }
  if (t.raw_data && t.raw_data.length > 0) {
    if (t.raw_data.length !== count * size) throw bad(`dims × ${typeName} is ${count * size} bytes but raw_data holds ${t.raw_data.length}`);
    const raw = t.raw_data;
    out.tensors.push(entry(async () => decodeFloats(raw, dt, count)));
    return;
  }
  const list = dt === 'F32' ? t.float_data : dt === 'F64' ? t.double_data : t.int32_data;
  const n = list?.length ?? 0;
  if (n !== count) throw bad(`dims hold ${count} values but the tensor stores ${n}`);
  out.tensors.push(entry(async () => {
    if (dt === 'F32') return Float32Array.from(list!);
    if (dt === 'F64') return Float64Array.from(list!);
    // 16-bit floats are stored one per int32, as their bit patterns.
    const bits = new Uint8Array(2 * n);
    const dv = new DataView(bits.buffer);
    for (let i = 0; i < n; i++) dv.setUint16(2 * i, list![i] & 0xffff, true);
    return decodeFloats(bits, dt, n);
  }));
}
