/**
 * Weight readers: every format and dtype returns the stored values (rounded as the dtype
 * rounds them), in C order, with the right names and shapes; shards, external data and
 * quantized weights are read exactly; malformed files fail with one line naming the file.
 */
import { describe, expect, it } from 'vitest';
import { NnspectraError } from '../../src/errors.js';
import { listTensors } from '../../src/io/open.js';
import { f16ToF32, decodeFloats } from '../../src/io/dtype.js';
import { bufferSource, setResolver, type ByteSource } from '../../src/io/source.js';
import { dequantize } from '../../src/io/tfjs.js';
import { encode, npy, npz, onnxModel, quantizeU8, rounded, safetensors, toBf16Bits, toF16Bits, withSingularValues, type Dt } from './weights-fixtures.js';

type Files = Record<string, Uint8Array>;
async function list(files: Files, entry: string) {
  const srcs: ByteSource[] = Object.entries(files).map(([n, d]) => bufferSource(n, d));
  return listTensors(srcs.find((s) => s.name === entry)!, setResolver(srcs));
}
async function readAll(files: Files, entry: string) {
  const l = await list(files, entry);
  const out: Record<string, { shape: number[]; values: Float64Array; dtype: string; layout?: string }> = {};
  for (const t of l.tensors) out[t.name] = { shape: t.shape, values: Float64Array.from(await t.read()), dtype: t.dtype, layout: t.layout };
  return { ...l, values: out };
}
async function failure(files: Files, entry: string): Promise<NnspectraError> {
  try {
    const l = await list(files, entry);
    for (const t of l.tensors) await t.read();
  } catch (e) {
    return e as NnspectraError;
  }
  throw new Error('expected an error');
}
function expectFormatError(e: NnspectraError, file: string, what: RegExp) {
  expect(e).toBeInstanceOf(NnspectraError);
  expect(e.code).toBe('FORMAT');
  expect(e.message).not.toContain('\n');
  expect(e.message.startsWith(`${file}: `)).toBe(true);
  expect(e.message).toMatch(what);
}

const W = withSingularValues(6, 4, [4, 3, 2, 0.5], 3);
const DTYPES: Dt[] = ['F64', 'F32', 'F16', 'BF16'];

describe('16-bit float conversion', () => {
  it('f16: every finite pattern widens to the float32 with the same sign, exponent and mantissa', () => {
    const f = new Float32Array(1);
    const bits = new Uint32Array(f.buffer);
    const wrong: number[] = [];
    for (let h = 0; h < 65536; h++) {
      const e = (h >> 10) & 31, m = h & 1023;
      f[0] = f16ToF32(h);
      const ok =
        e === 31 ? (m ? Number.isNaN(f[0]) : f[0] === (h & 0x8000 ? -Infinity : Infinity))
        : e === 0 ? f[0] === (h & 0x8000 ? -1 : 1) * m * 2 ** -24
        : bits[0] === ((((h & 0x8000) << 16) | ((e - 15 + 127) << 23) | (m << 13)) >>> 0);
      if (!ok) wrong.push(h);
    }
    expect(wrong).toEqual([]);
    expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x3555].map(f16ToF32)).toEqual([1, -2, 65504, 2 ** -24, 2 ** -14, 0.333251953125]);
    expect(Object.is(f16ToF32(0x8000), -0)).toBe(true);
  });

  it('bf16: the float32 whose upper half is the pattern (both byte orders)', () => {
    const pats = Uint16Array.from({ length: 4096 }, (_, i) => (i * 16 + 7) & 0xffff);
    const le = new Uint8Array(pats.buffer.slice(0));
    const got = decodeFloats(le, 'BF16', pats.length);
    const ref = new Float32Array(new Uint32Array(Array.from(pats, (p) => p << 16)).buffer);
    expect(Array.from(got)).toEqual(Array.from(ref));
    const be = new Uint8Array(le.length);
    for (let i = 0; i < pats.length; i++) [be[2 * i], be[2 * i + 1]] = [le[2 * i + 1], le[2 * i]];
    expect(Array.from(decodeFloats(be, 'BF16', pats.length, true))).toEqual(Array.from(ref));
    expect(f16ToF32(toF16Bits(0.1))).toBe(0.0999755859375);
    expect(decodeFloats(new Uint8Array(new Uint16Array([toBf16Bits(Math.PI)]).buffer), 'BF16', 1)[0]).toBe(3.140625);
  });
});

describe('safetensors', () => {
  it.each(DTYPES)('%s: values, shape, order; other dtypes listed as skipped with the reason', async (dt) => {
    const f = safetensors([
      { name: 'w', dtype: dt, shape: [6, 4], bytes: encode(W, dt) },
      { name: 'q', dtype: 'I8', shape: [3], bytes: new Uint8Array(3) },
      { name: 'e', dtype: 'F8_E4M3', shape: [2, 2], bytes: new Uint8Array(4) },
    ], { format: 'pt' });
    const r = await readAll({ 'm.safetensors': f }, 'm.safetensors');
    expect(r.values.w.shape).toEqual([6, 4]);
    expect(Array.from(r.values.w.values)).toEqual(Array.from(rounded(W, dt)));
    expect(r.skipped.map((s) => s.name).sort()).toEqual(['e', 'q']);
    expect(r.skipped[0].reason).toMatch(/dtype (I8|F8_E4M3): only F64, F32, F16 and BF16/);
  });

  it('sharded: the index maps tensors to shards; each is read from its own file', async () => {
    const A = withSingularValues(5, 3, [3, 2, 1], 1), B = withSingularValues(4, 4, [4, 3, 2, 1], 2);
    const files = {
      'model-00001-of-00002.safetensors': safetensors([{ name: 'a', dtype: 'F32', shape: [5, 3], bytes: encode(A, 'F32') }]),
      'model-00002-of-00002.safetensors': safetensors([{ name: 'b', dtype: 'F64', shape: [4, 4], bytes: encode(B, 'F64') }]),
      'model.safetensors.index.json': new TextEncoder().encode(JSON.stringify({ metadata: {}, weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' } })),
    };
    const r = await readAll(files, 'model.safetensors.index.json');
    expect(r.files).toEqual(['model.safetensors.index.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    expect(Array.from(r.values.a.values)).toEqual(Array.from(rounded(A, 'F32')));
    expect(Array.from(r.values.b.values)).toEqual(Array.from(B));
    const missing = await failure({ 'i.json': files['model.safetensors.index.json'] }, 'i.json');
    expectFormatError(missing, 'i.json', /needs "model-00001-of-00002.safetensors"/);
    const wrong = { ...files, 'model.safetensors.index.json': new TextEncoder().encode(JSON.stringify({ weight_map: { zz: 'model-00001-of-00002.safetensors' } })) };
    expectFormatError(await failure(wrong, 'model.safetensors.index.json'), 'model.safetensors.index.json', /tensor "zz" is not in/);
  });

  it('reads only the header up front and each tensor by its own range', async () => {
    const f = safetensors([
      { name: 'a', dtype: 'F32', shape: [6, 4], bytes: encode(W, 'F32') },
      { name: 'b', dtype: 'F32', shape: [6, 4], bytes: encode(W, 'F32') },
    ]);
    const reads: Array<[number, number]> = [];
    const inner = bufferSource('m.safetensors', f);
    const src: ByteSource = { name: inner.name, size: inner.size, readRange: (o, n) => (reads.push([o, n]), inner.readRange(o, n)) };
    const l = await listTensors(src, setResolver([src]));
    const headerEnd = reads.reduce((a, [o, n]) => Math.max(a, o + n), 0);
    expect(headerEnd).toBeLessThan(f.length - 2 * 96 + 1);
    reads.length = 0;
    await l.tensors[1].read();
    expect(reads).toEqual([[f.length - 96, 96]]);
  });

  it('malformed: each case is one line naming the file and the fault', async () => {
    const good = safetensors([{ name: 'w', dtype: 'F32', shape: [6, 4], bytes: encode(W, 'F32') }]);
    const withHeader = (h: unknown, data = new Uint8Array(96)) => {
      const hb = new TextEncoder().encode(typeof h === 'string' ? h : JSON.stringify(h));
      const out = new Uint8Array(8 + hb.length + data.length);
      new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
      out.set(hb, 8);
      out.set(data, 8 + hb.length);
      return out;
    };
    const big = good.slice();
    new DataView(big.buffer).setBigUint64(0, 2n ** 40n, true);
    const past = good.slice();
    new DataView(past.buffer).setBigUint64(0, BigInt(good.length), true);
    const cases: Array<[Uint8Array, RegExp]> = [
      [good.subarray(0, 5), /truncated: 5 bytes/],
      [big, /header length 1099511627776 is above the 100000000-byte limit/],
      [past, /truncated: the header length \d+ runs past the end/],
      [withHeader('{"w": [1,'), /the header is not JSON/],
      [withHeader([1, 2]), /the header is not a JSON object/],
      [withHeader({ w: { dtype: 'F32', shape: [6, 4], data_offsets: [0, 200] } }), /data_offsets \[0, 200\] run past the 96 bytes/],
      [withHeader({ w: { dtype: 'F32', shape: [6, 5], data_offsets: [0, 96] } }), /shape \[6,5\] × F32 is 120 bytes but data_offsets span 96/],
      [withHeader({ w: { dtype: 'F32', shape: [6, -4], data_offsets: [0, 96] } }), /is not a list of non-negative integers/],
      [withHeader({ w: { dtype: 'F32', shape: [6, 4], data_offsets: [10, 5] } }), /end before they begin/],
      [withHeader({ a: { dtype: 'F32', shape: [4, 4], data_offsets: [0, 64] }, b: { dtype: 'F32', shape: [2, 4], data_offsets: [32, 64] } }), /tensors "a" and "b" overlap/],
      [withHeader({ w: { dtype: 'F32', shape: [6, 4] } }), /data_offsets must be two non-negative integers/],
      [withHeader({ w: { dtype: 'F32', shape: [6, 4], data_offsets: [0, 96] } }, new Uint8Array(50)), /run past the 50 bytes of data/],
    ];
    for (const [bytes, what] of cases) expectFormatError(await failure({ 'bad.safetensors': bytes }, 'bad.safetensors'), 'bad.safetensors', what);
  });
});

describe('NumPy .npy / .npz', () => {
  it.each([['<f2', 'F16'], ['<f4', 'F32'], ['<f8', 'F64'], ['>f2', 'F16'], ['>f4', 'F32'], ['>f8', 'F64']] as const)('%s, C and Fortran order', async (descr, dt) => {
    for (const fortran of [false, true]) {
      const r = await readAll({ 'w.npy': npy(W, [6, 4], descr, fortran) }, 'w.npy');
      expect(r.values.w.shape).toEqual([6, 4]);
      expect(Array.from(r.values.w.values)).toEqual(Array.from(rounded(W, dt)));
    }
  });

  it('Fortran order of a 4-D array is transposed to C order', async () => {
    const shape = [2, 3, 2, 2];
    const c = Float64Array.from({ length: 24 }, (_, i) => i);
    // Column-major storage: element (a,b,h,w) at a + 2b + 6h + 12w.
    const f = new Float64Array(24);
    for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) for (let h = 0; h < 2; h++) for (let w = 0; w < 2; w++) f[a + 2 * b + 6 * h + 12 * w] = c[((a * 3 + b) * 2 + h) * 2 + w];
    const bytes = npy(f, shape, '<f8');
    const patched = new TextDecoder('latin1').decode(bytes).replace("'fortran_order': False", "'fortran_order': True ");
    const r = await readAll({ 'k.npy': Uint8Array.from(patched, (ch) => ch.charCodeAt(0)) }, 'k.npy');
    expect(Array.from(r.values.k.values)).toEqual(Array.from(c));
    expect(r.values.k.layout).toBe('OIHW');
  });

  it('.npz stored and deflated; non-float arrays skipped with the reason', async () => {
    const ints = npy([1, 2, 3], [3], '<f8');
    const intsU1 = Uint8Array.from(new TextDecoder('latin1').decode(ints).replace("'<f8'", "'<i8'"), (ch) => ch.charCodeAt(0));
    for (const compressed of [false, true]) {
      const f = npz({ 'layer1/w': npy(W, [6, 4], '<f4'), b: npy(W, [24], '<f8'), idx: intsU1 }, compressed);
      const r = await readAll({ 'm.npz': f }, 'm.npz');
      expect(Array.from(r.values['layer1/w'].values)).toEqual(Array.from(rounded(W, 'F32')));
      expect(r.values.b.shape).toEqual([24]);
      expect(r.skipped).toEqual([{ name: 'idx', reason: 'dtype <i8: only float16, float32 and float64 arrays are analysed' }]);
    }
  });

  it('malformed .npy and .npz', async () => {
    const good = npy(W, [6, 4], '<f4');
    const text = (b: Uint8Array, from: string, to: string) => Uint8Array.from(new TextDecoder('latin1').decode(b).replace(from, to), (ch) => ch.charCodeAt(0));
    const cases: Array<[Uint8Array, RegExp]> = [
      [good.subarray(0, good.length - 4), /shape \[6,4\] × <f4 is 96 bytes but the file holds 92/],
      [text(good, "'shape': (6, 4)", "'shape': (6, 5)"), /is 120 bytes but the file holds 96/],
      [text(good, "'descr'", "'dexcr'"), /unexpected key "dexcr"/],
      [text(good, "'fortran_order': False", "'fortran_order': Fals "), /expected True or False/],
      [text(good, '{', '['), /expected "\{"/],
      [good.subarray(0, 9), /truncated: 9 bytes/],
    ];
    const v9 = good.slice();
    v9[6] = 9;
    cases.push([v9, /format version 9.0/]);
    for (const [bytes, what] of cases) expectFormatError(await failure({ 'w.npy': bytes }, 'w.npy'), 'w.npy', what);
    const z = npz({ w: good });
    expectFormatError(await failure({ 'm.npz': z.subarray(0, z.length - 30) }, 'm.npz'), 'm.npz', /not a readable zip archive/);
  });
});

describe('ONNX', () => {
  const t32 = rounded(W, 'F32');
  it('initializers (raw_data, float_data, FLOAT16, BFLOAT16, DOUBLE), Constant nodes, subgraphs, external data', async () => {
    const ext = new Uint8Array(16 + 96);
    ext.set(encode(W, 'F32'), 16);
    const model = onnxModel({
      initializer: [
        { name: 'raw', dims: [6, 4], data_type: 1, raw_data: encode(W, 'F32') },
        { name: 'list', dims: [6, 4], data_type: 1, float_data: Array.from(t32) },
        { name: 'half', dims: [6, 4], data_type: 10, int32_data: Array.from(W, toF16Bits) },
        { name: 'bhalf', dims: [6, 4], data_type: 16, raw_data: encode(W, 'BF16') },
        { name: 'dbl', dims: [6, 4], data_type: 11, double_data: Array.from(W) },
        { name: 'ext', dims: [6, 4], data_type: 1, data_location: 1, external_data: [{ key: 'location', value: 'weights.bin' }, { key: 'offset', value: '16' }, { key: 'length', value: '96' }] },
        { name: 'ints', dims: [3], data_type: 7, int64_data: [1, 2, 3] },
      ],
      node: [
        { op_type: 'Constant', output: ['conv1.w'], attribute: [{ name: 'value', type: 4, t: { dims: [2, 3, 2, 2], data_type: 1, raw_data: encode(Float64Array.from({ length: 24 }, (_, i) => i), 'F32') } }] },
        { op_type: 'If', attribute: [{ name: 'then_branch', type: 5, g: { name: 'then', initializer: [{ name: 'inner', dims: [6, 4], data_type: 11, raw_data: encode(W, 'F64') }] } }] },
      ],
    });
    const r = await readAll({ 'm.onnx': model, 'weights.bin': ext }, 'm.onnx');
    expect(Array.from(r.values.raw.values)).toEqual(Array.from(t32));
    expect(Array.from(r.values.list.values)).toEqual(Array.from(t32));
    expect(Array.from(r.values.half.values)).toEqual(Array.from(rounded(W, 'F16')));
    expect(Array.from(r.values.bhalf.values)).toEqual(Array.from(rounded(W, 'BF16')));
    expect(Array.from(r.values.dbl.values)).toEqual(Array.from(W));
    expect(Array.from(r.values.ext.values)).toEqual(Array.from(t32));
    expect(Array.from(r.values.inner.values)).toEqual(Array.from(W));
    expect(r.values['conv1.w']).toMatchObject({ shape: [2, 3, 2, 2], layout: 'OIHW' });
    expect(r.files).toEqual(['m.onnx', 'weights.bin']);
    expect(r.skipped).toEqual([{ name: 'ints', reason: 'data type INT64: only FLOAT, FLOAT16, BFLOAT16 and DOUBLE weights are analysed' }]);
  });

  it('malformed: undecodable protobuf, sizes that disagree, external data missing or outside the folder', async () => {
    const one = (t: Record<string, unknown>) => onnxModel({ initializer: [{ name: 'w', dims: [6, 4], data_type: 1, ...t }] });
    const cases: Array<[Files, RegExp]> = [
      [{ 'm.onnx': new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]) }, /is not a valid ONNX protobuf/],
      [{ 'm.onnx': onnxModel({}).subarray(0, 3) }, /is not a valid ONNX protobuf|no graph/],
      [{ 'm.onnx': one({ raw_data: new Uint8Array(90) }) }, /dims × FLOAT is 96 bytes but raw_data holds 90/],
      [{ 'm.onnx': one({ float_data: [1, 2, 3] }) }, /dims hold 24 values but the tensor stores 3/],
      [{ 'm.onnx': one({ data_location: 1, external_data: [{ key: 'location', value: 'w.bin' }] }) }, /needs "w.bin", which was not given/],
      [{ 'm.onnx': one({ data_location: 1, external_data: [{ key: 'location', value: '../etc/passwd' }] }) }, /outside the model's folder/],
      [{ 'm.onnx': one({ data_location: 1, external_data: [{ key: 'location', value: 'w.bin' }, { key: 'length', value: '12' }] }), 'w.bin': new Uint8Array(96) }, /external data length is 12/],
      [{ 'm.onnx': one({ data_location: 1, external_data: [{ key: 'location', value: 'w.bin' }, { key: 'offset', value: '8' }] }), 'w.bin': new Uint8Array(96) }, /truncated/],
    ];
    for (const [files, what] of cases) {
      const e = await failure(files, 'm.onnx');
      expect(e.message).toMatch(what);
      expect(e.message).not.toContain('\n');
      expect(e.code).toBe('FORMAT');
    }
  });
});

describe('TensorFlow.js', () => {
  it('float32 weights across shards, uint8/uint16 quantized dequantized exactly as TF.js, float16', async () => {
    const K = Float64Array.from({ length: 3 * 3 * 2 * 4 }, (_, i) => Math.sin(i));
    const q8 = quantizeU8(W);
    const q16 = Uint16Array.from({ length: 24 }, (_, i) => i * 2731);
    const all = new Uint8Array([...encode(K, 'F32'), ...q8.q, ...new Uint8Array(q16.buffer), ...encode(W, 'F16')]);
    const manifest = [
      {
        paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
        weights: [
          { name: 'conv/kernel', shape: [3, 3, 2, 4], dtype: 'float32' },
          { name: 'dense/u8', shape: [6, 4], dtype: 'float32', quantization: { dtype: 'uint8', scale: q8.scale, min: q8.min } },
          { name: 'dense/u16', shape: [6, 4], dtype: 'float32', quantization: { dtype: 'uint16', scale: 1e-4, min: -3 } },
          { name: 'dense/f16', shape: [6, 4], dtype: 'float32', quantization: { dtype: 'float16' } },
        ],
      },
      { paths: ['group2-shard1of1.bin'], weights: [{ name: 'step', shape: [], dtype: 'int32' }] },
    ];
    const cut = 150; // splits the uint8 weight across the two shards
    const files = {
      'model.json': new TextEncoder().encode(JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: manifest })),
      'group1-shard1of2.bin': all.subarray(0, cut),
      'group1-shard2of2.bin': all.subarray(cut),
      'group2-shard1of1.bin': new Uint8Array(4),
    };
    const r = await readAll(files, 'model.json');
    expect(r.values['conv/kernel']).toMatchObject({ shape: [3, 3, 2, 4], layout: 'HWIO' });
    expect(Array.from(r.values['conv/kernel'].values)).toEqual(Array.from(rounded(K, 'F32')));
    // TF.js: new Float32Array(n) filled with q * scale + min.
    expect(Array.from(r.values['dense/u8'].values)).toEqual(Array.from(q8.q, (q) => Math.fround(q * q8.scale + q8.min)));
    expect(Array.from(r.values['dense/u16'].values)).toEqual(Array.from(q16, (q) => Math.fround(q * 1e-4 - 3)));
    expect(Array.from(r.values['dense/f16'].values)).toEqual(Array.from(rounded(W, 'F16')));
    expect(Math.max(...Array.from(r.values['dense/u8'].values, (v, i) => Math.abs(v - W[i])))).toBeLessThanOrEqual(q8.scale / 2 + 1e-6);
    expect(r.skipped).toEqual([{ name: 'step', reason: 'dtype int32: only float32 weights are analysed' }]);
    expect(Array.from(dequantize(new Uint8Array([0, 255]), 'uint8', 2, 0.5, -1))).toEqual([-1, 126.5]);
    // A bare weights manifest (face-api style *-weights_manifest.json) reads the same.
    const bare = await readAll({ ...files, 'x-weights_manifest.json': new TextEncoder().encode(JSON.stringify(manifest)) }, 'x-weights_manifest.json');
    expect(Array.from(bare.values['dense/u8'].values)).toEqual(Array.from(r.values['dense/u8'].values));
  });

  it('malformed: truncated shards, bad quantization, missing shard', async () => {
    const mk = (w: unknown[], paths = ['s.bin']) => new TextEncoder().encode(JSON.stringify({ weightsManifest: [{ paths, weights: w }] }));
    const cases: Array<[Files, RegExp]> = [
      [{ 'model.json': mk([{ name: 'a', shape: [6, 4], dtype: 'float32' }]), 's.bin': new Uint8Array(95) }, /needs bytes 0..96 of its group but the shards hold 95/],
      [{ 'model.json': mk([{ name: 'a', shape: [6, 4], dtype: 'float32', quantization: { dtype: 'uint8', scale: 'x' } }]), 's.bin': new Uint8Array(24) }, /needs finite "scale" and "min"/],
      [{ 'model.json': mk([{ name: 'a', shape: [6, 4], dtype: 'float32' }]) }, /needs "s.bin"/],
      [{ 'model.json': mk([{ name: 'a', shape: [6, 4], dtype: 'qint3' }]), 's.bin': new Uint8Array(96) }, /unknown dtype "qint3"/],
      [{ 'model.json': new TextEncoder().encode('{"weightsManifest": [') }, /is not JSON/],
      [{ 'model.json': new TextEncoder().encode('{"modelTopology": {}}') }, /neither a TF.js model/],
    ];
    for (const [files, what] of cases) expectFormatError(await failure(files, 'model.json'), 'model.json', what);
  });
});

describe('refused and unknown files', () => {
  it('PyTorch pickles are refused in one line with the conversion, whatever their name', async () => {
    const pickle = new Uint8Array([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]);
    const zip = npz({ x: npy([1], [1], '<f4') });
    const torchZip = (await import('fflate')).zipSync({ 'archive/data.pkl': pickle, 'archive/data/0': new Uint8Array(8) }, { level: 0 });
    for (const [name, bytes] of [['model.pt', zip], ['model.pth', pickle], ['pytorch_model.bin', torchZip], ['weights.dat', pickle]] as const) {
      const e = await failure({ [name]: bytes }, name);
      expectFormatError(e, name, /is a PyTorch pickle, which can execute code when loaded, so it is never unpickled; convert it to safetensors/);
    }
  });

  it('unknown formats and lone shards', async () => {
    expectFormatError(await failure({ 'x.txt': new Uint8Array(20) }, 'x.txt'), 'x.txt', /not a recognised weight file/);
    expectFormatError(await failure({ 'g.bin': new Uint8Array(20) }, 'g.bin'), 'g.bin', /raw weight shard/);
  });
});
