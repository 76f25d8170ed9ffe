/** `nnspectra weights`: per-layer spectral report of model weight files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseBackend } from '../../backend.js';
import { invalidParam, NnspectraError } from '../../errors.js';
import { analyzeWeights, type WeightsReport } from '../../weights/analyze.js';
import { reportCsv, reportJson } from '../../weights/export.js';
import { action } from '../run.js';
import { grammar, outputOptions } from '../grammar.js';
import { outputFormat, printCsv, printJson, printTable } from '../output.js';
import { progressBar } from '../progress.js';
import { esdPlotSvg } from '../weights-plot.js';

interface WeightsOpts {
  filter?: string;
  conv: string;
  randomize?: boolean;
  eigenvalues?: boolean;
  backend: string;
  json?: boolean;
  csv?: boolean;
  plots?: string;
  seed?: string;
}

async function writePlots(dir: string, r: WeightsReport): Promise<void> {
  try {
    mkdirSync(dir, { recursive: true });
    for (const [i, l] of r.layers.entries()) {
      const file = join(dir, `${String(i).padStart(3, '0')}-${l.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)}.svg`);
      writeFileSync(file, await esdPlotSvg(l));
    }
  } catch (e) {
    if (e instanceof NnspectraError) throw e;
    throw new NnspectraError('IO', `could not write plots to ${dir}: ${(e as Error).message.split('\n')[0]}`);
  }
}

export function registerWeights(program: Command): void {
  const cmd = program
    .command('weights')
    .description('Per-layer spectral report of model weight files (safetensors, ONNX, NumPy .npy/.npz, TF.js model.json): power-law α, norms, ranks, Marchenko–Pastur fit.')
    .argument('<paths...>', 'model files; a sharded safetensors model through its index .json, a TF.js model through its model.json')
    .option('--filter <regex>', 'only tensors whose name matches')
    .option('--conv <mode>', '4-D kernels: slices (each kh×kw tap a c_out×c_in matrix, spectra pooled) or reshape (c_out × c_in·kh·kw)', 'slices')
    .option('--randomize', 'also analyse an element-wise shuffled copy of each layer (correlation traps show as spikes of the shuffle)')
    .option('--seed <S>', 'seed of the --randomize shuffle', '0')
    .option('--eigenvalues', 'include each layer\'s eigenvalues in --json')
    .option('--backend <b>', 'webgpu, cpu or auto (auto falls back to the CPU twin and says so)', 'auto')
    .option('--plots <dir>', 'write one SVG per layer: log-log ESD with the fitted power-law tail and the MP density');
  outputOptions(cmd, { csv: "print CSV with WeightWatcher's column names (one row per layer)" });
  cmd.addHelpText(
    'after',
    `
Conventions: W is rows × cols, N = max, M = min, Q = N/M; the eigenvalues are λ = σ² of W,
not divided by N. α is the exponent of p(λ) ∝ λ^-α above xmin (Clauset–Shalizi–Newman),
D its KS distance; α < 2 is flagged "over-trained", α > 6 "under-trained". Tensors are read
one at a time by offset: models larger than memory work. PyTorch pickles are refused.`,
  );
  grammar(cmd, {
    examples: [
      'nnspectra weights model.safetensors',
      "nnspectra weights model.safetensors.index.json --filter 'mlp' --csv > layers.csv",
      'nnspectra weights model.onnx --conv reshape --json',
      'nnspectra weights model.json --randomize --plots plots/',
    ],
    context: (o) => ({ randomize: o.randomize === true, json: o.json === true }),
    describe: (c) => [c.randomize ? '--randomize' : 'no --randomize', c.json ? '--json' : 'no --json'].join(', '),
    rules: [
      { flags: ['seed'], only: 'with --randomize', applies: (c) => c.randomize },
      { flags: ['eigenvalues'], only: 'with --json', applies: (c) => c.json },
    ],
  });
  cmd
    .action(
      action(async (paths: string[], o: WeightsOpts) => {
        const backend = parseBackend(o.backend);
        if (o.conv !== 'slices' && o.conv !== 'reshape') invalidParam('conv', 'slices or reshape', o.conv);
        if (o.seed !== undefined && !/^\d+$/.test(o.seed)) invalidParam('seed', 'an integer in [0, 4294967295]', o.seed);
        const fmt = outputFormat(o);
        const bar = progressBar('weights');
        let report: WeightsReport;
        try {
          report = await analyzeWeights(
            paths,
            { filter: o.filter, conv: o.conv, randomize: !!o.randomize, eigenvalues: !!o.eigenvalues || !!o.plots, backend, seed: Number(o.seed ?? 0) },
            { onProgress: bar.onProgress },
          );
        } finally {
          bar.stop();
        }
        if (o.plots) await writePlots(o.plots, report);
        if (fmt === 'json') return printJson(reportJson(report, !!o.eigenvalues));
        if (fmt === 'csv') {
          const { header, rows } = reportCsv(report);
          return printCsv(header, rows);
        }
        // Most telling first: columns beyond --columns are listed by name, not printed.
        const head = ['layer', 'N', 'M', 'alpha', 'D', 'warning', 'spikes', 'stable_rank', 'alpha_w', 'log_norm', 'log_spec', 'eff_rank', 'shape'];
        if (o.randomize) head.splice(7, 0, 'rand_alpha', 'rand_spikes');
        const rows = report.layers.map((l) => {
          const r: unknown[] = [l.name, l.N, l.M, l.alpha, l.ks, l.warning, l.numSpikes, l.stableRank, l.alphaWeighted, l.logNorm, l.logSpectralNorm, l.effectiveRank, l.shape.join('×')];
          if (o.randomize) r.splice(7, 0, l.randomized?.alpha, l.randomized?.numSpikes);
          return r;
        });
        printTable(head, rows, `${report.files.join(', ')}: ${report.layers.length} layers (backend ${report.backend})`);
        const s = report.summary;
        const fmt3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
        process.stdout.write(`mean alpha ${fmt3(s.alpha)}, alpha_weighted ${fmt3(s.alphaWeighted)}, log_norm ${fmt3(s.logNorm)}; over-trained ${s.overTrained}, under-trained ${s.underTrained}\n`);
        if (report.skipped.length) process.stdout.write(`skipped ${report.skipped.length}: ${summarizeSkipped(report)}\n`);
        if (report.fallback) process.stderr.write(`nnspectra: note: CPU twin used: ${report.fallback}\n`);
      }),
    );
}

/** Skipped tensors grouped by reason, with counts (the full list is in --json). */
function summarizeSkipped(r: WeightsReport): string {
  const by = new Map<string, number>();
  for (const s of r.skipped) by.set(s.reason, (by.get(s.reason) ?? 0) + 1);
  return [...by].map(([why, n]) => `${n} × ${why}`).join('; ');
}
