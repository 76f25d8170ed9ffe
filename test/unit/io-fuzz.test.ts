/**
 * Fuzzing every reader (fast-check): random bytes and mutations of valid files must end in a
 * result or an NnspectraError, never another exception or a hang, and no read may ask for more
 * than the file holds; decoded tensors never hold more elements than the files have bytes
 * (deflated .npz entries: than the declared, capped, inflated sizes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NnspectraError } from '../../src/errors.js';
import { listTensors } from '../../src/io/open.js';
import { bufferSource, setResolver, type ByteSource } from '../../src/io/source.js';
import { encode, npy, npz, onnxModel, quantizeU8, safetensors, withSingularValues } from './weights-fixtures.js';

const W = withSingularValues(6, 4, [4, 3, 2, 1], 5);
const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const q = quantizeU8(W);

/** Valid models, one per reader: entry file name and its files. */
const MODELS: Record<string, Record<string, Uint8Array>> = {
  'm.safetensors': { 'm.safetensors': safetensors([{ name: 'a', dtype: 'F32', shape: [6, 4], bytes: encode(W, 'F32') }, { name: 'b', dtype: 'BF16', shape: [4, 6], bytes: encode(W, 'BF16') }]) },
  'index.json': {
    'index.json': enc({ weight_map: { a: 's1.safetensors', b: 's2.safetensors' } }),
    's1.safetensors': safetensors([{ name: 'a', dtype: 'F16', shape: [6, 4], bytes: encode(W, 'F16') }]),
    's2.safetensors': safetensors([{ name: 'b', dtype: 'F64', shape: [6, 4], bytes: encode(W, 'F64') }]),
  },
  'w.npy': { 'w.npy': npy(W, [6, 4], '>f4', true) },
  'm.npz': { 'm.npz': npz({ a: npy(W, [6, 4], '<f8'), b: npy(W, [2, 3, 2, 2], '<f2') }, true) },
  'm.onnx': {
    'm.onnx': onnxModel({
      initializer: [
        { name: 'a', dims: [6, 4], data_type: 1, raw_data: encode(W, 'F32') },
        { name: 'e', dims: [6, 4], data_type: 1, data_location: 1, external_data: [{ key: 'location', value: 'x.bin' }] },
      ],
      node: [{ op_type: 'Constant', output: ['c'], attribute: [{ name: 'value', type: 4, t: { dims: [4, 6], data_type: 1, float_data: Array.from(W) } }] }],
    }),
    'x.bin': encode(W, 'F32'),
  },
  'model.json': {
    'model.json': enc({ weightsManifest: [{ paths: ['s.bin'], weights: [{ name: 'k', shape: [3, 2, 2, 2], dtype: 'float32' }, { name: 'u', shape: [6, 4], dtype: 'float32', quantization: { dtype: 'uint8', scale: q.scale, min: q.min } }] }] }),
    's.bin': new Uint8Array([...encode(W, 'F32'), ...q.q]),
  },
};

/** Runs a reader to the end; returns the elements decoded, or throws what the reader threw. */
async function exercise(files: Record<string, Uint8Array>, entry: string): Promise<number> {
  const srcs: ByteSource[] = Object.entries(files).map(([n, d]) => {
    const inner = bufferSource(n, d);
    return {
      name: n,
      size: inner.size,
      readRange(o: number, len: number) {
        if (!(o >= 0 && len >= 0 && o + len <= inner.size)) throw new Error(`read outside the file: ${o}+${len} of ${inner.size}`);
        return inner.readRange(o, len);
      },
    };
  });
  const l = await listTensors(srcs.find((s) => s.name === entry)!, setResolver(srcs));
  let n = 0;
  for (const t of l.tensors) n += (await t.read()).length;
  return n;
}

async function mustBeClean(files: Record<string, Uint8Array>, entry: string): Promise<void> {
  const total = Object.values(files).reduce((a, b) => a + b.length, 0);
  try {
    const n = await exercise(files, entry);
    // Elements take at least one byte each, except inside a deflated archive (≤ 1032:1).
    expect(n).toBeLessThanOrEqual(entry.endsWith('.npz') ? total * 1032 : total);
  } catch (e) {
    if (!(e instanceof NnspectraError)) throw e;
    expect(e.message).not.toContain('\n');
  }
}

const RUNS = 200;

describe('fuzzing the readers', () => {
  it.each(Object.keys(MODELS))('%s: random bytes under its name', async (entry) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => mustBeClean({ ...MODELS[entry], [entry]: bytes }, entry)),
      { numRuns: RUNS, seed: 42 },
    );
  });

  it.each(Object.keys(MODELS))('%s: mutations of a valid model (byte changes, truncation, insertion) in any of its files', async (entry) => {
    const names = Object.keys(MODELS[entry]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.constant(-1), fc.nat()),
        fc.oneof(fc.constant(null), fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }))),
        async (file, edits, cut, insert) => {
          let b = MODELS[entry][file].slice();
          for (const [pos, v] of edits) b[pos % b.length] = v;
          if (cut >= 0) b = b.subarray(0, cut % (b.length + 1));
          if (insert) {
            const at = insert[0] % (b.length + 1);
            b = new Uint8Array([...b.subarray(0, at), ...insert[1], ...b.subarray(at)]);
          }
          await mustBeClean({ ...MODELS[entry], [file]: b }, entry);
        },
      ),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('valid models read cleanly (the fuzz baseline)', async () => {
    for (const entry of Object.keys(MODELS)) expect(await exercise(MODELS[entry], entry)).toBeGreaterThan(0);
  });

  it('a forged inflated size in an .npz is refused before anything is allocated', async () => {
    const z = npz({ a: npy(W, [6, 4], '<f8') }, true);
    // Patch the central directory's uncompressed size (offset 24 of the entry) to 2 GiB.
    const b = z.slice();
    const dv = new DataView(b.buffer);
    for (let i = b.length - 22; i >= 0; i--)
      if (dv.getUint32(i, true) === 0x02014b50) {
        dv.setUint32(i + 24, 0x7fffffff, true);
        break;
      }
    await expect(exercise({ 'm.npz': b }, 'm.npz')).rejects.toThrow(/declares 2147483647 bytes, more than its data or the/);
  });
});
