/**
 * Format detection: the file's leading bytes first, then its name. PyTorch pickles are refused
 * (unpickling runs code from the file) with the conversion to safetensors in the message.
 */
import { isNpy, readNpy } from './npy.js';
import { isZip, readNpz, zipEntryNames } from './npz.js';
import { readOnnx } from './onnx.js';
import { readSafetensors, readSafetensorsIndex } from './safetensors.js';
import { formatError, readChecked, type ByteSource, type SourceResolver } from './source.js';
import type { TensorListing } from './tensor.js';
import { isTfjsDoc, readTfjs, TFJS_MAX_JSON } from './tfjs.js';

/** The one-line refusal for a PyTorch pickle. */
export function pickleRefusal(name: string): Error {
  return formatError(
    name,
    'is a PyTorch pickle, which can execute code when loaded, so it is never unpickled; convert it to safetensors in Python: ' +
      'import torch; from safetensors.torch import save_file; save_file(torch.load("IN.pt", weights_only=True), "model.safetensors")',
  );
}

const PICKLE_EXT = /\.(pt|pth|ckpt|pkl|pickle|mar)$/i;

function isPickle(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x80 && b[1] >= 2 && b[1] <= 5;
}

/**
 * Lists the tensors of one model file: safetensors (or its sharded index .json), ONNX, .npy,
 * .npz, or a TF.js model.json / weights manifest. Sibling files (shards, external data) come
 * from `resolver`.
 */
export async function listTensors(src: ByteSource, resolver: SourceResolver): Promise<TensorListing> {
  const name = src.name.toLowerCase();
  const head = await readChecked(src, 0, Math.min(16, src.size), 'the first bytes');
  if (PICKLE_EXT.test(name) || isPickle(head)) throw pickleRefusal(src.name);
  if (isNpy(head)) return readNpy(src);
  if (isZip(head)) {
    if (name.endsWith('.npz')) return readNpz(src);
    const names = zipEntryNames(src, await readChecked(src, 0, src.size, 'the archive'));
    if (names.some((n) => n === 'data.pkl' || n.endsWith('/data.pkl'))) throw pickleRefusal(src.name);
    if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) return readNpz(src);
    throw formatError(src.name, 'is a zip archive that is neither a NumPy .npz nor a PyTorch checkpoint');
  }
  if (name.endsWith('.onnx')) return readOnnx(src, resolver);
  if (name.endsWith('.json')) {
    if (src.size > TFJS_MAX_JSON) throw formatError(src.name, `is ${src.size} bytes, above the ${TFJS_MAX_JSON}-byte limit for a model's JSON`);
    const bytes = await readChecked(src, 0, src.size, 'the JSON document');
    let doc: unknown;
    try {
      doc = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      throw formatError(src.name, `is not JSON (${(e as Error).message.split('\n')[0].slice(0, 100)})`);
    }
    if (doc && typeof doc === 'object' && 'weight_map' in doc) return readSafetensorsIndex(src, resolver);
    if (isTfjsDoc(doc)) return readTfjs(src, doc, resolver);
    throw formatError(src.name, 'is JSON but neither a TF.js model/weights manifest nor a safetensors index');
  }
  if (name.endsWith('.safetensors') || looksLikeSafetensors(head)) return readSafetensors(src);
  if (name.endsWith('.bin')) throw formatError(src.name, 'is a raw weight shard: open the model.json (TF.js) or index that names it');
  throw formatError(src.name, 'is not a recognised weight file (expected .safetensors, .onnx, .npy, .npz, a TF.js model.json or a safetensors index .json)');
}

/** A safetensors file starts with a small little-endian length and then `{`. */
function looksLikeSafetensors(b: Uint8Array): boolean {
  return b.length >= 9 && b[8] === 0x7b && b[6] === 0 && b[7] === 0;
}
