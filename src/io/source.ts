/**
 * Byte sources: the one way the weight readers touch data. A reader asks for byte ranges and
 * never for a whole file, so a model larger than memory is read tensor by tensor (Node file
 * handles, a browser File's `slice`, or an in-memory buffer all look the same to it).
 */
import { NnspectraError } from '../errors.js';

/** A random-access, read-only file. */
export interface ByteSource {
  /** The name shown in messages (a path in Node, the file's name in a browser). */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Exactly `length` bytes from `offset`; ranges past the end are refused by the caller. */
  readRange(offset: number, length: number): Promise<Uint8Array>;
  /** Releases an open handle (no-op for memory and Blob sources). */
  close?(): Promise<void>;
}

/** Finds the files a model names beside itself (shards, external data, an index's parts). */
export interface SourceResolver {
  /** The file `relName` next to `from`; a FORMAT error naming `from` when it is missing. */
  sibling(from: ByteSource, relName: string): Promise<ByteSource>;
  /** Closes the sources it opened. */
  close?(): Promise<void>;
}

/** Largest single read: one tensor, a header, or a whole ONNX/npz file. */
export const MAX_READ_BYTES = 2 ** 31 - 1;

/** A FORMAT error in the house style: `<file>: <what is wrong>`. */
export function formatError(file: string, what: string): NnspectraError {
  return new NnspectraError('FORMAT', `${file}: ${what}`);
}

/**
 * Reads `[offset, offset + length)` of `src` after checking it lies inside the file and under
 * the read cap, so a corrupt header can never make a reader allocate more than the file holds.
 */
export async function readChecked(src: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0)
    throw formatError(src.name, `${what} has an invalid byte range (${offset}, ${length})`);
  if (offset + length > src.size)
    throw formatError(src.name, `truncated: ${what} needs bytes ${offset}..${offset + length} but the file has ${src.size}`);
  if (length > MAX_READ_BYTES)
    throw formatError(src.name, `${what} is ${length} bytes, above the ${MAX_READ_BYTES}-byte limit of one read`);
  const b = await src.readRange(offset, length);
  if (b.length !== length) throw formatError(src.name, `truncated: read ${b.length} of ${length} bytes of ${what}`);
  return b;
}

/** A source over bytes already in memory. */
export function bufferSource(name: string, data: ArrayBuffer | Uint8Array): ByteSource {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  return {
    name,
    size: bytes.length,
    async readRange(offset, length) {
      return bytes.subarray(offset, offset + length);
    },
  };
}

/** A source over a Blob or File: each read is one `slice` (nothing else is loaded). */
export function blobSource(blob: Blob, name = (blob as File).name ?? 'blob'): ByteSource {
  return {
    name,
    size: blob.size,
    async readRange(offset, length) {
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}

/** The last path component of a name (both separators accepted). */
export function baseName(name: string): string {
  const i = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Checks a file name a model refers to: a plain relative path inside the model's folder
 * (no absolute path, no `..`), as the ONNX and TF.js formats require.
 */
export function checkRelativeName(from: ByteSource, rel: unknown): string {
  if (typeof rel !== 'string' || rel === '' || rel.length > 4096)
    throw formatError(from.name, `refers to an invalid file name ${JSON.stringify(rel)?.slice(0, 80)}`);
  const parts = rel.split(/[/\\]/);
  if (/^([/\\]|[A-Za-z]:)/.test(rel) || parts.includes('..') || rel.includes('\0'))
    throw formatError(from.name, `refers to ${JSON.stringify(rel)}, outside the model's folder`);
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

/**
 * Resolves siblings among a given set of sources by base name (files dropped together in a
 * browser, or buffers handed to the API together).
 */
export function setResolver(sources: ByteSource[]): SourceResolver {
  return {
    async sibling(from, rel) {
      const want = baseName(checkRelativeName(from, rel));
      const hit = sources.find((s) => baseName(s.name) === want);
      if (!hit) throw formatError(from.name, `needs ${JSON.stringify(rel)}, which was not given with it`);
      return hit;
    },
  };
}
