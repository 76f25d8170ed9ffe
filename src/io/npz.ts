/**
 * NumPy .npz: a zip archive of .npy files (stored by `np.savez`, deflated by
 * `np.savez_compressed`), opened with fflate. The archive is read into memory (up to the
 * one-read limit) and every declared size is checked before anything is inflated, so a
 * forged size cannot make the reader allocate more than the cap.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { NnspectraError } from '../errors.js';
import { readNpy } from './npy.js';
import { bufferSource, formatError, MAX_READ_BYTES, readChecked, type ByteSource } from './source.js';
import type { TensorListing } from './tensor.js';

/** Deflate cannot expand data by more than about 1032:1; a larger declared ratio is forged. */
const MAX_DEFLATE_RATIO = 1032;

/** True when `b` starts like a zip archive (local file header or empty-archive end record). */
export function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));
}

function unzip(src: ByteSource, bytes: Uint8Array, filter: (f: UnzipFileInfo) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter });
  } catch (e) {
    if (e instanceof NnspectraError) throw e;
    throw formatError(src.name, `is not a readable zip archive (${(e as Error).message.split('\n')[0].slice(0, 80)})`);
  }
}

/** Names of the entries of a zip archive held in memory, without inflating anything. */
export function zipEntryNames(src: ByteSource, bytes: Uint8Array): string[] {
  const names: string[] = [];
  unzip(src, bytes, (f) => {
    names.push(f.name);
    return false;
  });
  return names;
}

/** Lists every float array of an .npz archive; each entry `x.npy` becomes tensor `x`. */
export async function readNpz(src: ByteSource): Promise<TensorListing> {
  const bytes = await readChecked(src, 0, src.size, 'the archive');
  let total = 0;
  let refused: string | null = null;
  const files = unzip(src, bytes, (f) => {
    if (!f.name.endsWith('.npy') || refused) return false;
    if (f.compression !== 0 && f.compression !== 8) {
      refused = `entry ${JSON.stringify(f.name)} uses zip compression method ${f.compression}, not stored or deflate`;
      return false;
    }
    const bound = f.compression === 0 ? f.size : f.size * MAX_DEFLATE_RATIO + 1024;
    total += f.originalSize;
    if (!(f.originalSize >= 0) || f.originalSize > bound || total > MAX_READ_BYTES) {
      refused = `entry ${JSON.stringify(f.name)} declares ${f.originalSize} bytes, more than its data or the ${MAX_READ_BYTES}-byte limit allow`;
      return false;
    }
    return true;
  });
  if (refused) throw formatError(src.name, refused);
  const out: TensorListing = { format: 'npz', files: [src.name], tensors: [], skipped: [] };
  for (const [entry, data] of Object.entries(files)) {
    const inner = bufferSource(`${src.name}:${entry}`, data);
    const l = await readNpy(inner, entry.replace(/\.npy$/, ''));
    for (const t of l.tensors) out.tensors.push({ ...t, file: src.name });
    out.skipped.push(...l.skipped);
  }
  return out;
}
