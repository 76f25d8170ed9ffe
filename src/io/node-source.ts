/** Node file sources: reads go through one file handle by offset, never the whole file. */
import { open, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { NnspectraError } from '../errors.js';
import { checkRelativeName, formatError, type ByteSource, type SourceResolver } from './source.js';

/** Opens `path` as a {@link ByteSource}; a missing or unreadable file is an IO error naming it. */
export async function fileSource(path: string): Promise<ByteSource> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (e) {
    throw new NnspectraError('IO', `${path}: cannot read (${(e as Error).message.split('\n')[0]})`);
  }
  let handle: Awaited<ReturnType<typeof open>> | null = null;
  const src: ByteSource = {
    name: path,
    size,
    async readRange(offset, length) {
      handle ??= await open(path, 'r');
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(out, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === length ? out : out.subarray(0, got);
    },
    async close() {
      const h = handle;
      handle = null;
      await h?.close();
    },
  };
  return src;
}

/** Resolves a model's sibling files in the same folder as the file that names them. */
export function folderResolver(): SourceResolver {
  const opened = new Map<string, ByteSource>();
  return {
    async sibling(from, rel) {
      const p = resolve(join(dirname(from.name), checkRelativeName(from, rel)));
      let s = opened.get(p);
      if (!s) {
        try {
          s = await fileSource(p);
        } catch {
          throw formatError(from.name, `needs ${JSON.stringify(rel)}, which is missing beside it`);
        }
        opened.set(p, s);
      }
      return s;
    },
    async close() {
      for (const s of opened.values()) await s.close?.();
      opened.clear();
    },
  };
}
