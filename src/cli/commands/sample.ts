/** `nnspectra sample`: Monte Carlo angular spectra of finite random networks beside the theory. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseBackend } from '../../backend.js';
import { invalidParam, NnspectraError } from '../../errors.js';
import { networkWeights } from '../../sample/network.js';
import { cpuKernels } from '../../linalg/cpu/wasm-kernels.js';
import { gridAliasWarning, planSample, sampleSpectrum, type SampleParams, type SampleResult } from '../../sample/sample.js';
import { sampleShard } from '../../sample/shard.js';
import { checkWidths, sampleWidthSweep, type SweepResult } from '../../sample/sweep.js';
import { sphereGrid } from '../../sphere/grid.js';
import { action } from '../run.js';
import { grammar, outputOptions, refuse } from '../grammar.js';
import { fmtNum, outputFormat, printCsv, printJson, printTable } from '../output.js';
import { progressBar } from '../progress.js';

/** Defaults of `nnspectra sample` with no arguments. */
export const SAMPLE_DEFAULTS = { activation: 'relu', depth: 2, width: 256, networks: 64, dim: 3, lmax: 32, seed: 0 } as const;

function intArg(name: string, s: string | undefined, dflt?: number): number | undefined {
  if (s === undefined) return dflt;
  if (!/^\s*-?\d+\s*$/.test(s)) invalidParam(name, 'an integer', s);
  return Number(s);
}

function numArg(name: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v)) invalidParam(name, 'a finite number', s);
  return v;
}

interface SampleOpts {
  activation: string;
  depth?: string;
  width?: string;
  networks?: string;
  dim?: string;
  lmax?: string;
  gridLmax?: string;
  points?: string;
  seed?: string;
  sigmaB2?: string;
  sigmaW2?: string;
  raw?: boolean;
  estimator?: string;
  backend: string;
  json?: boolean;
  csv?: boolean;
  saveField?: string;
  saveWeights?: string;
  shard?: string;
  out?: string;
}

/** "64" or "64,256,1024". */
export function parseWidthList(s: string | undefined): number[] {
  if (s === undefined) return [SAMPLE_DEFAULTS.width];
  const parts = s.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) invalidParam('width', 'an integer or a comma-separated list of integers in [1, 65535]', s);
  return checkWidths(parts.map(Number));
}

/**
 * "i/N" (0 ≤ i < N) or "auto/N", where i comes from JOB_COMPLETION_INDEX (Kubernetes Indexed
 * Jobs) or SLURM_ARRAY_TASK_ID (Slurm job arrays).
 */
export function parseShardArg(s: string, env: Record<string, string | undefined> = process.env): { index: number; count: number } {
  const m = /^\s*(\d+|auto)\s*\/\s*(\d+)\s*$/.exec(s);
  if (!m) invalidParam('shard', 'i/N with 0 <= i < N, or auto/N', s);
  const count = Number(m[2]);
  let index: number;
  if (m[1] === 'auto') {
    const v = env.JOB_COMPLETION_INDEX ?? env.SLURM_ARRAY_TASK_ID;
    if (v === undefined) invalidParam('shard', 'i/N, or auto/N where JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID is set', s);
    if (!/^\s*\d+\s*$/.test(v)) invalidParam('shard', 'auto/N with JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID a non-negative integer', v);
    index = Number(v);
  } else index = Number(m[1]);
  if (!(count >= 1) || index >= count) invalidParam('shard', 'i/N with 0 <= i < N', `${index}/${count}`);
  return { index, count };
}

function toParams(o: SampleOpts): SampleParams {
  const est = o.estimator;
  if (est !== undefined && est !== 'conditional' && est !== 'field') invalidParam('estimator', 'conditional or field', est);
  return {
    activation: o.activation,
    depth: intArg('depth', o.depth, SAMPLE_DEFAULTS.depth)!,
    width: parseWidthList(o.width)[0],
    networks: intArg('networks', o.networks, SAMPLE_DEFAULTS.networks)!,
    dim: intArg('dim', o.dim, SAMPLE_DEFAULTS.dim),
    lmax: intArg('lmax', o.lmax, SAMPLE_DEFAULTS.lmax),
    gridLmax: intArg('grid-lmax', o.gridLmax),
    points: intArg('points', o.points),
    seed: intArg('seed', o.seed, SAMPLE_DEFAULTS.seed),
    mode: o.raw ? 'raw' : 'normalized',
    sigmaW2: numArg('sigma-w2', o.sigmaW2),
    sigmaB2: numArg('sigma-b2', o.sigmaB2),
    estimator: est as SampleParams['estimator'],
    backend: parseBackend(o.backend),
    keepFields: o.saveField ? 1 : 0,
  };
}

function jsonOf(r: SampleResult): Record<string, unknown> {
  const { fields: _f, ...rest } = r;
  return { ...rest, cpuKernels: r.backend === 'cpu' ? cpuKernels() : null };
}

function saveField(file: string, r: SampleResult): void {
  const f = r.fields;
  if (!f) return;
  const M = f.points.length / r.dim;
  const points: number[][] = [];
  for (let p = 0; p < M; p++) points.push(Array.from(f.points.subarray(p * r.dim, (p + 1) * r.dim)));
  const grid = f.gridLmax !== undefined ? sphereGrid(f.gridLmax) : null;
  const doc = {
    network: 0,
    seed: r.seed,
    activation: r.activation,
    depth: r.depth,
    width: r.width,
    dim: r.dim,
    ...(grid ? { gridLmax: grid.lmax, nlat: grid.nlat, nlon: grid.nlon, layout: 'ring-major: point j*nlon+i at cos(theta)=x_j (ascending), phi=2*pi*i/nlon' } : {}),
    points,
    values: Array.from(f.values.subarray(0, M)),
  };
  try {
    writeFileSync(file, JSON.stringify(doc) + '\n');
  } catch (e) {
    throw new NnspectraError('IO', `could not write ${file}: ${(e as Error).message}`);
  }
}

function saveWeights(file: string, r: SampleResult): void {
  const net = { dim: r.dim, width: r.width, depth: r.depth, sIn: r.sIn, sigmaW2: r.sigmaW2, sigmaB2: r.sigmaB2, seed: r.seed };
  const layers = networkWeights(net, 0).map((L) => ({ rows: L.rows, cols: L.cols, W: Array.from(L.W), b: Array.from(L.b) }));
  const doc = {
    network: 0,
    seed: r.seed,
    note: 'W row-major [rows x cols]; layer 0 is the input layer, the last the output row; weight (layer, row, col) = normalAt(seed, 0, col, row, layer, 0) * std',
    layers,
  };
  try {
    writeFileSync(file, JSON.stringify(doc) + '\n');
  } catch (e) {
    throw new NnspectraError('IO', `could not write ${file}: ${(e as Error).message}`);
  }
}

/** Prints one run's result as a table, JSON or CSV (also used by `merge`). */
export function printSampleResult(r: SampleResult, fmt: 'table' | 'json' | 'csv'): void {
  const rows = r.D.map((d, l) => [l, d, r.Dse[l], r.C[l], r.theoryD ? r.theoryD[l] : null, r.z ? r.z[l] : null]);
  const header = ['l', 'D', 'Dse', 'C', 'theoryD', 'z'];
  if (fmt === 'json') return printJson(jsonOf(r));
  if (fmt === 'csv') return printCsv(header, rows);
  printTable(
    header,
    rows,
    `${r.activation}, depth ${r.depth}, width ${r.width}, ${r.networks} networks on S^${r.dim - 1} (${r.estimator}, ${r.points} points),\n` +
      `backend ${r.backend} (${r.adapter ?? (r.backend === 'cpu' ? cpuKernels() : 'GPU')}), ${(r.elapsedMs / 1000).toFixed(2)} s` +
      theoryLine(r),
  );
}

function theoryLine(r: { maxAbsZ: number | null; zeroDegrees: number[]; zeroLeak: number | null; maxRelDev: number | null }): string {
  if (r.maxAbsZ === null && r.zeroLeak === null) return '';
  const parts: string[] = [];
  if (r.maxAbsZ !== null) parts.push(`max |z| ${fmtNum(r.maxAbsZ, 3)} over the degrees with non-zero theory`);
  if (r.maxRelDev !== null) parts.push(`max |D - theoryD|/theoryD ${fmtNum(r.maxRelDev, 3)}`);
  if (r.zeroLeak !== null) parts.push(`theory 0 at l = ${compactList(r.zeroDegrees)} (no z): largest |D| there ${fmtNum(r.zeroLeak, 2)}`);
  return '\n' + parts.join('; ');
}

/** 0,2,4,...,16 for arithmetic runs, else the list. */
function compactList(ls: number[]): string {
  if (ls.length > 3) {
    const step = ls[1] - ls[0];
    if (ls.every((l, i) => i === 0 || l - ls[i - 1] === step)) return `${ls[0]},${ls[1]},...,${ls[ls.length - 1]}`;
  }
  return ls.join(',');
}

/** Prints a width sweep: JSON, CSV rows (width, l, D, Dse, theoryD, z) or a table of widths. */
export function printSweep(r: SweepResult, fmt: 'table' | 'json' | 'csv'): void {
  if (fmt === 'json') return printJson(r);
  if (fmt === 'csv') {
    const rows: unknown[][] = [];
    for (const e of r.sweep) e.D.forEach((d, l) => rows.push([e.width, l, d, e.Dse[l], r.theoryD ? r.theoryD[l] : null, e.z ? e.z[l] : null]));
    return printCsv(['width', 'l', 'D', 'Dse', 'theoryD', 'z'], rows);
  }
  printTable(
    ['width', 'max |D - theoryD|/theoryD', 'max |z|', 'largest |D| where theory is 0'],
    r.sweep.map((e) => [e.width, e.maxRelDev, e.maxAbsZ, e.zeroLeak]),
    `width sweep: ${r.activation}, depth ${r.depth}, ${r.networks} networks on S^${r.dim - 1} (${r.estimator}, ${r.points} points),\n` +
      `seed ${r.seed}, backend ${r.backend}, ${(r.elapsedMs / 1000).toFixed(2)} s\n` +
      'the deviation from the infinite-width theory (relative, over degrees with theoryD >= 1e-8)\nshrinks as the width grows:',
  );
  printTable(
    ['l', 'theoryD', ...r.sweep.map((e) => `D (n=${e.width})`), ...r.sweep.map((e) => `z (n=${e.width})`)],
    Array.from({ length: r.lmax + 1 }, (_, l) => [l, r.theoryD ? r.theoryD[l] : null, ...r.sweep.map((e) => e.D[l]), ...r.sweep.map((e) => (e.z ? e.z[l] : null))]),
  );
}

export function registerSample(program: Command): void {
  const cmd = program
    .command('sample')
    .description(
      'Sample finite random networks on S^{d-1} (WebGPU or CPU twin), project each field on spherical harmonics, and set the empirical D_l beside the infinite-width theory (z-scores).',
    )
    .option('--activation <name|expr>', 'built-in (relu, tanh, leaky_relu:0.2, ...) or an expression in x', SAMPLE_DEFAULTS.activation)
    .option('--depth <L>', 'hidden layers (1..200)', String(SAMPLE_DEFAULTS.depth))
    .option('--width <N>', 'hidden width (1..65535), or a list such as 64,256,1024 for a width sweep on the same seeds', String(SAMPLE_DEFAULTS.width))
    .option('--networks <K>', 'number of independent networks', String(SAMPLE_DEFAULTS.networks))
    .option('--dim <d>', 'input dimension d, points on S^{d-1} (2..100; 3 uses the exact S² grid)', String(SAMPLE_DEFAULTS.dim))
    .option('--lmax <l>', 'highest multipole (S²: 0..1023, other d: 0..256)', String(SAMPLE_DEFAULTS.lmax))
    .option('--grid-lmax <G>', 'S²: band limit of the evaluation grid, >= lmax (default 3*lmax, which keeps the aliasing of non-band-limited fields well below Dse; a coarser grid is warned about)')
    .option('--points <M>', 'other d: evaluation points per network, even (default 1024: 512 random directions and their antipodes, new for every network)')
    .option('--seed <S>', 'unsigned 32-bit seed; network k is a pure function of (seed, k)', String(SAMPLE_DEFAULTS.seed))
    .option('--sigma-b2 <B>', 'bias variance (normalized mode: 0 <= B < 1; default 0)')
    .option('--raw', 'raw mode: use --sigma-w2 and --sigma-b2 as given')
    .option('--sigma-w2 <W>', 'raw mode: hidden weight variance times width (default 1)')
    .option('--estimator <e>', 'S²: conditional (default; averages the output row analytically) or field (the sampled field itself)')
    .option('--backend <b>', 'webgpu, cpu or auto (auto falls back to the CPU twin and says so)', 'auto')
    .option('--save-field <file>', 'write network 0\'s field values and points as JSON')
    .option('--save-weights <file>', 'write network 0\'s weights and biases as JSON (float64, the values the GPU draws in f32)')
    .option('--shard <i/N>', 'evaluate only the i-th of N contiguous blocks of networks (0 <= i < N; auto/N takes i from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID) and write its statistics to --out for `nnspectra merge`')
    .option('--out <file>', 'with --shard: the shard file to write');
  outputOptions(cmd, { csv: 'print CSV (one row per multipole; per width and multipole for a sweep)' });
  cmd.addHelpText(
    'after',
    `
D is the sampled law of the multipole (mean over networks of each network's degree power,
divided by the mean field variance), Dse its standard error, C the angular power spectrum,
theoryD the infinite-width D at the same parameters and z = (D - theoryD) / Dse. Where the
theory is 0 (by symmetry, or below 1e-14 of its sum) z is empty and the largest |D| there is
reported as zeroLeak; max |z| is over the other degrees. A list of widths runs a sweep on the
same seeds; --shard splits the networks over machines (merge the files with nnspectra merge).`,
  );
  grammar(cmd, {
    examples: [
      'nnspectra sample --activation relu --depth 2 --width 256 --networks 200 --lmax 16 --json',
      'nnspectra sample --activation "x*tanh(x)" --dim 5 --points 2048 --backend cpu --csv',
      'nnspectra sample --activation tanh --depth 10 --width 64,256,1024 --networks 32',
      'nnspectra sample --networks 4096 --shard 3/16 --out shard-3.json',
    ],
    context: (o) => ({ dim: intArg('dim', o.dim as string | undefined, SAMPLE_DEFAULTS.dim)!, raw: o.raw === true, shard: o.shard !== undefined }),
    describe: (c) => `--dim ${c.dim}${c.raw ? ', --raw' : ''}${c.shard ? ', --shard' : ''}`,
    rules: [
      { flags: ['grid-lmax', 'estimator'], only: 'on S² (--dim 3)', applies: (c) => c.dim === 3 },
      { flags: ['points'], only: 'with --dim other than 3 (S² uses its exact grid)', applies: (c) => c.dim !== 3 },
      { flags: ['sigma-w2'], only: 'with --raw', applies: (c) => c.raw },
      { flags: ['out'], only: 'with --shard', applies: (c) => c.shard },
    ],
  });
  cmd
    .action(
      action(async (o: SampleOpts) => {
        const params = toParams(o);
        const widths = parseWidthList(o.width);
        const fmt = outputFormat(o);
        const plan = planSample(params);
        const gridWarning = plan.net.dim === 3 ? gridAliasWarning(plan.lmax, plan.gridLmax) : null;
        if (gridWarning) process.stderr.write(`nnspectra: warning: ${gridWarning}\n`);
        if (o.shard !== undefined) {
          const shard = parseShardArg(o.shard);
          if (!o.out) refuse('--shard needs --out <file>, the shard file to write', o.out === undefined ? 'nothing' : '--out ""');
          if (o.saveField || o.saveWeights) invalidParam('shard', 'given without --save-field and --save-weights (a shard keeps statistics only)', o.shard);
          const bar = progressBar(`shard ${shard.index}/${shard.count}`);
          let doc;
          try {
            doc = await sampleShard(params, shard, widths, { onProgress: bar.onProgress });
          } finally {
            bar.stop();
          }
          try {
            writeFileSync(o.out, JSON.stringify(doc) + '\n');
          } catch (e) {
            throw new NnspectraError('IO', `could not write ${o.out}: ${(e as Error).message}`);
          }
          process.stderr.write(`nnspectra: shard ${shard.index}/${shard.count} (networks ${doc.shard.net0}..${doc.shard.net1 - 1}) written to ${o.out}\n`);
          return;
        }
        if (widths.length > 1) {
          if (o.saveField || o.saveWeights) invalidParam('width', 'a single width with --save-field or --save-weights', o.width);
          const bar = progressBar('sweep');
          let r: SweepResult;
          try {
            r = await sampleWidthSweep(params, widths, { onProgress: bar.onProgress });
          } finally {
            bar.stop();
          }
          printSweep(r, fmt);
          return;
        }
        const bar = progressBar('sample');
        let r: SampleResult;
        try {
          r = await sampleSpectrum(params, { onProgress: bar.onProgress });
        } finally {
          bar.stop();
        }
        if (r.backend === 'webgpu') process.stderr.write(`nnspectra: WebGPU adapter: ${r.adapter}\n`);
        else if (r.fallbackReason) process.stderr.write(`nnspectra: using the CPU twin: ${r.fallbackReason}\n`);
        if (o.saveField) saveField(o.saveField, r);
        if (o.saveWeights) saveWeights(o.saveWeights, r);
        printSampleResult(r, fmt);
      }),
    );
}
