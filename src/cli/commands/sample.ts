/** `nnspectra sample`: Monte Carlo angular spectra of finite random networks beside the theory. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseBackend } from '../../backend.js';
import { invalidParam, NnspectraError } from '../../errors.js';
import { networkWeights } from '../../sample/network.js';
import { cpuKernels } from '../../linalg/cpu/wasm-kernels.js';
import { sampleSpectrum, type SampleParams, type SampleResult } from '../../sample/sample.js';
import { sphereGrid } from '../../sphere/grid.js';
import { action } from '../run.js';
import { grammar, outputOptions } from '../grammar.js';
import { outputFormat, printCsv, printJson, printTable } from '../output.js';
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
}

function toParams(o: SampleOpts): SampleParams {
  const est = o.estimator;
  if (est !== undefined && est !== 'conditional' && est !== 'field') invalidParam('estimator', 'conditional or field', est);
  return {
    activation: o.activation,
    depth: intArg('depth', o.depth, SAMPLE_DEFAULTS.depth)!,
    width: intArg('width', o.width, SAMPLE_DEFAULTS.width)!,
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

export function registerSample(program: Command): void {
  const cmd = program
    .command('sample')
    .description(
      'Sample finite random networks on S^{d-1} (WebGPU or CPU twin), project each field on spherical harmonics, and set the empirical D_l beside the infinite-width theory (z-scores).',
    )
    .option('--activation <name|expr>', 'built-in (relu, tanh, leaky_relu:0.2, ...) or an expression in x', SAMPLE_DEFAULTS.activation)
    .option('--depth <L>', 'hidden layers (1..200)', String(SAMPLE_DEFAULTS.depth))
    .option('--width <N>', 'hidden width (1..65535)', String(SAMPLE_DEFAULTS.width))
    .option('--networks <K>', 'number of independent networks', String(SAMPLE_DEFAULTS.networks))
    .option('--dim <d>', 'input dimension d, points on S^{d-1} (2..100; 3 uses the exact S² grid)', String(SAMPLE_DEFAULTS.dim))
    .option('--lmax <l>', 'highest multipole (S²: 0..1023, other d: 0..256)', String(SAMPLE_DEFAULTS.lmax))
    .option('--grid-lmax <G>', 'S²: band limit of the evaluation grid, >= lmax (default 2*lmax, limits aliasing)')
    .option('--points <M>', 'other d: number of random evaluation points (default 1024)')
    .option('--seed <S>', 'unsigned 32-bit seed; network k is a pure function of (seed, k)', String(SAMPLE_DEFAULTS.seed))
    .option('--sigma-b2 <B>', 'bias variance (normalized mode: 0 <= B < 1; default 0)')
    .option('--raw', 'raw mode: use --sigma-w2 and --sigma-b2 as given')
    .option('--sigma-w2 <W>', 'raw mode: hidden weight variance times width (default 1)')
    .option('--estimator <e>', 'S²: conditional (default; averages the output row analytically) or field (the sampled field itself)')
    .option('--backend <b>', 'webgpu, cpu or auto (auto falls back to the CPU twin and says so)', 'auto')
    .option('--save-field <file>', 'write network 0\'s field values and points as JSON')
    .option('--save-weights <file>', 'write network 0\'s weights and biases as JSON (float64, the values the GPU draws in f32)');
  outputOptions(cmd, { csv: 'print CSV (one row per multipole)' });
  cmd.addHelpText(
    'after',
    `
D is the sampled law of the multipole (mean over networks of each network's degree power,
divided by the mean field variance), Dse its standard error, C the angular power spectrum,
theoryD the infinite-width D at the same parameters and z = (D - theoryD) / Dse.`,
  );
  grammar(cmd, {
    examples: [
      'nnspectra sample --activation relu --depth 2 --width 256 --networks 200 --lmax 16 --json',
      'nnspectra sample --activation "x*tanh(x)" --dim 5 --points 2048 --backend cpu --csv',
    ],
    context: (o) => ({ dim: intArg('dim', o.dim as string | undefined, SAMPLE_DEFAULTS.dim)!, raw: o.raw === true }),
    describe: (c) => `--dim ${c.dim}${c.raw ? ', --raw' : ''}`,
    rules: [
      { flags: ['grid-lmax'], only: 'on S² (--dim 3)', applies: (c) => c.dim === 3 },
      { flags: ['points'], only: 'with --dim other than 3 (S² uses its exact grid)', applies: (c) => c.dim !== 3 },
      { flags: ['sigma-w2'], only: 'with --raw', applies: (c) => c.raw },
    ],
  });
  cmd
    .action(
      action(async (o: SampleOpts) => {
        const params = toParams(o);
        const fmt = outputFormat(o);
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
        const rows = r.D.map((d, l) => [l, d, r.Dse[l], r.C[l], r.theoryD ? r.theoryD[l] : null, r.z ? r.z[l] : null]);
        const header = ['l', 'D', 'Dse', 'C', 'theoryD', 'z'];
        if (fmt === 'json') printJson(jsonOf(r));
        else if (fmt === 'csv') printCsv(header, rows);
        else
          printTable(
            header,
            rows,
            `${r.activation}, depth ${r.depth}, width ${r.width}, ${r.networks} networks on S^${r.dim - 1} (${r.estimator}, ${r.points} points), ` +
              `backend ${r.backend} (${r.adapter ?? cpuKernels()}), ${(r.elapsedMs / 1000).toFixed(2)} s`,
          );
      }),
    );
}
