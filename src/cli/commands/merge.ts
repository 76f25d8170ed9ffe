/** `nnspectra merge`: combines the shard files of a sharded `sample` run into its result. */
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import type { Command } from 'commander';
import { NnspectraError } from '../../errors.js';
import { MAX_SHARD_BYTES, mergeShards, parseShard, type ShardFile } from '../../sample/shard.js';
import type { SweepResult } from '../../sample/sweep.js';
import type { SampleResult } from '../../sample/sample.js';
import { action } from '../run.js';
import { grammar, outputOptions } from '../grammar.js';
import { outputFormat } from '../output.js';
import { printSampleResult, printSweep } from './sample.js';

/** Reads at most MAX_SHARD_BYTES of a file, refusing anything larger before reading it. */
function readBounded(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new NnspectraError('INVALID_PARAMETER', `shard file ${file} cannot be opened: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'shard');
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NnspectraError('INVALID_PARAMETER', `shard file ${file} must be a regular file`, 'shard');
    if (st.size > MAX_SHARD_BYTES) throw new NnspectraError('INVALID_PARAMETER', `shard file ${file} is larger than ${MAX_SHARD_BYTES} bytes`, 'shard');
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function registerMerge(program: Command): void {
  const cmd = program
    .command('merge')
    .description('Merge the shard files of a `nnspectra sample --shard i/N --out FILE` run into the result of the unsharded run.')
    .argument('<files...>', 'shard files, one per shard 0..N-1 (any order)');
  outputOptions(cmd, { csv: 'print CSV (as nnspectra sample does)' });
  cmd.addHelpText(
    'after',
    `
The shards must come from one run (same parameters and N), be disjoint and complete; otherwise
merge exits with status 2 and says why. Shard files are validated (size, schema, finite numbers,
checksum) before use. The output is that of nnspectra sample with the same parameters.`,
  );
  grammar(cmd, {
    examples: [
      'nnspectra sample --networks 256 --shard 0/4 --out s0.json   (then 1/4, 2/4, 3/4 into s1..s3.json)',
      'nnspectra merge s0.json s1.json s2.json s3.json',
      'nnspectra merge shards/shard-*.json --json',
    ],
  });
  cmd.action(
    action(async (files: string[], o: { json?: boolean; csv?: boolean }) => {
      const shards: ShardFile[] = files.map((f) => parseShard(readBounded(f), f));
      const r = mergeShards(shards, files);
      const fmt = outputFormat(o);
      if ('sweep' in r) printSweep(r as SweepResult, fmt);
      else printSampleResult(r as SampleResult, fmt);
    }),
  );
}
