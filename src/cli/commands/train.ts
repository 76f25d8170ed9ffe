/** `nnspectra train`: train a small network and print its spectra at checkpoints. */
import type { Command } from 'commander';
import { invalidParam, NnspectraError } from '../../errors.js';
import { PRESETS, type TrainOptions } from '../../train/config.js';
import { train, type TrainResult } from '../../train/loop.js';
import { action } from '../run.js';
import { outputFormat, printCsv, printJson, printTable } from '../output.js';
import { progressBar } from '../progress.js';

interface Flags {
  task?: string;
  preset?: string;
  size?: string;
  seed?: string;
  d?: string;
  width?: string;
  depth?: string;
  widths?: string;
  nTrain?: string;
  nTest?: string;
  noise?: string;
  target?: string;
  p?: string;
  trainFraction?: string;
  classes?: string;
  shuffled?: boolean;
  activation?: string;
  parameterization?: string;
  initScale?: string;
  trainLayers?: string;
  optimizer?: string;
  lr?: string;
  momentum?: string;
  weightDecay?: string;
  batchSize?: string;
  steps?: string;
  every?: string;
  kernelSamples?: string;
  monitors: boolean;
  ck: boolean;
  ntk: boolean;
  backend?: string;
  monitorBackend?: string;
  json?: boolean;
  csv?: boolean;
}

function num(param: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s);
  if (s.trim() === '' || Number.isNaN(v)) invalidParam(param, 'a number', s);
  return v;
}

/** `--train-layers 1,3` (1-based) or `all` -> frozen flags for `layers` layers. */
function frozenFrom(s: string | undefined, layers: number): boolean[] | undefined {
  if (s === undefined) return undefined;
  if (s.trim() === 'all') return new Array(layers).fill(false);
  const idx = s.split(',').map((t) => Number(t.trim()));
  if (idx.some((i) => !Number.isInteger(i) || i < 1 || i > layers))
    invalidParam('train-layers', `'all' or a comma-separated list of layer numbers in [1, ${layers}]`, s);
  return Array.from({ length: layers }, (_, l) => !idx.includes(l + 1));
}

export function optionsFromFlags(f: Flags): TrainOptions {
  const widths = f.widths === undefined ? undefined : f.widths.split(',').map((t) => num('widths', t) as number);
  const depth = widths ? widths.length : num('depth', f.depth);
  const o: TrainOptions = {
    task: f.task as TrainOptions['task'],
    preset: f.preset as TrainOptions['preset'],
    size: f.size as TrainOptions['size'],
    seed: num('seed', f.seed),
    d: num('d', f.d),
    width: num('width', f.width),
    depth,
    widths,
    nTrain: num('n-train', f.nTrain),
    nTest: num('n-test', f.nTest),
    noise: num('noise', f.noise),
    target: f.target as TrainOptions['target'],
    p: num('p', f.p),
    trainFraction: num('train-fraction', f.trainFraction),
    classes: num('classes', f.classes),
    shuffled: f.shuffled,
    activation: f.activation,
    parameterization: f.parameterization as TrainOptions['parameterization'],
    initScale: num('init-scale', f.initScale),
    optimizer: f.optimizer as TrainOptions['optimizer'],
    lr: num('lr', f.lr),
    momentum: num('momentum', f.momentum),
    weightDecay: num('weight-decay', f.weightDecay),
    batchSize: num('batch-size', f.batchSize),
    steps: num('steps', f.steps),
    every: num('every', f.every),
    kernelSamples: num('kernel-samples', f.kernelSamples),
    monitors: f.monitors,
    ck: f.ck,
    ntk: f.ntk,
    backend: f.backend as TrainOptions['backend'],
    monitorBackend: f.monitorBackend as TrainOptions['monitorBackend'],
  };
  if (f.trainLayers !== undefined) {
    const L = (Number.isInteger(depth) ? (depth as number) : 1) + 1;
    o.frozen = frozenFrom(f.trainLayers, L);
  }
  return o;
}

const r6 = (v: number | null | undefined) => (v === null || v === undefined ? null : v);

function printResult(res: TrainResult, format: 'table' | 'json' | 'csv'): void {
  if (format === 'json') {
    printJson({
      config: res.config,
      backend: res.backend,
      adapter: res.adapter,
      fallback: res.fallback,
      monitorBackend: res.monitorBackend,
      outcome: res.outcome,
      checkpoints: res.checkpoints,
      ...(res.labelComparison ? { labelComparison: res.labelComparison } : {}),
    });
    return;
  }
  const header = ['step', 'trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'layer', 'sigmaMax', 'effectiveRank', 'stableRank', 'alpha', 'mpEdge', 'outliers', 'teacherOverlap', 'ckTop', 'ntkTop', 'ckLabelOverlap'];
  const rows: unknown[][] = [];
  for (const c of res.checkpoints) {
    const layers = format === 'csv' ? c.layers : c.layers.slice(0, 1);
    if (layers.length === 0) rows.push([c.step, c.trainLoss, r6(c.testLoss), r6(c.trainAcc), r6(c.testAcc), ...new Array(header.length - 5).fill(null)]);
    for (const l of layers)
      rows.push([
        c.step, c.trainLoss, r6(c.testLoss), r6(c.trainAcc), r6(c.testAcc), l.name, l.singularValues[0], l.effectiveRank, l.stableRank,
        r6(l.alpha), r6(l.mpEdge), l.outliers.length, r6(l.teacherOverlap), c.ck?.eigenvalues[0] ?? null, c.ntk?.eigenvalues[0] ?? null,
        c.ck?.labelOverlap ?? null,
      ]);
  }
  if (format === 'csv') printCsv(header, rows);
  else printTable(header, rows, `training (${res.config.task}${res.config.preset ? `, preset ${res.config.preset}` : ''}) on ${res.backend}${res.adapter ? ` (${res.adapter})` : ''}; first layer shown`);
  const cmp = res.labelComparison;
  if (cmp && format === 'table') {
    const lrows = [cmp.true, cmp.shuffled].flatMap((s) =>
      s.layers.map((l) => [s.shuffled ? 'shuffled' : 'true', s.step, r6(s.trainAcc), r6(s.testAcc), l.name, l.stableRank, l.effectiveRank]),
    );
    printTable(['labels', 'step', 'trainAcc', 'testAcc', 'layer', 'stableRank', 'effectiveRank'], lrows, 'true versus shuffled labels, final checkpoint');
  }
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a small network (teacher, modadd, labels) and print the spectra of its weights, CK and NTK at checkpoints')
    .option('--task <name>', 'teacher | modadd | labels')
    .option('--preset <name>', PRESETS.join(' | '))
    .option('--size <s>', "default | paper (a preset at its paper's own size, for a GPU)")
    .option('--seed <n>', 'random seed')
    .option('--d <n>', 'input dimension (teacher, labels)')
    .option('--width <n>', 'hidden width n')
    .option('--depth <n>', 'number of hidden layers')
    .option('--widths <list>', 'hidden widths, comma-separated (overrides --width and --depth)')
    .option('--n-train <n>', 'training samples (teacher, labels)')
    .option('--n-test <n>', 'test samples (teacher, labels)')
    .option('--noise <s>', 'teacher label noise')
    .option('--target <name>', 'teacher link: softplus | tanh')
    .option('--p <n>', 'modulus (modadd)')
    .option('--train-fraction <f>', 'fraction of pairs used for training (modadd), in (0, 1)')
    .option('--classes <n>', 'number of classes (labels)')
    .option('--shuffled', 'shuffle the training labels (labels)')
    .option('--activation <name>', 'activation (any name or expression the theory engine accepts)')
    .option('--parameterization <p>', 'ntk | standard')
    .option('--init-scale <x>', 'multiplier of the initial weights')
    .option('--train-layers <list>', "layers that train, 1-based ('1', '1,2', 'all')")
    .option('--optimizer <name>', 'gd | sgd | adam | adamw')
    .option('--lr <x>', 'learning rate')
    .option('--momentum <x>', 'SGD momentum')
    .option('--weight-decay <x>', 'weight decay (decoupled for adamw)')
    .option('--batch-size <n>', 'minibatch size (0 = full batch)')
    .option('--steps <n>', 'optimizer steps')
    .option('--every <k>', 'checkpoint every k steps')
    .option('--kernel-samples <n>', 'samples for the CK and NTK')
    .option('--no-monitors', 'losses and accuracies only (no spectra)')
    .option('--no-ck', 'skip the conjugate kernel')
    .option('--no-ntk', 'skip the tangent kernel')
    .option('--backend <b>', 'webgpu | cpu | auto', 'auto')
    .option('--monitor-backend <b>', 'backend of the spectra (default: the training backend; cpu on software adapters)')
    .option('--json', 'one JSON document')
    .option('--csv', 'CSV, one row per checkpoint and layer')
    .action(
      action(async (f: Flags) => {
        const format = outputFormat(f);
        const bar = progressBar('train');
        let res: TrainResult;
        try {
          res = await train(optionsFromFlags(f), { onProgress: bar.onProgress });
        } finally {
          bar.stop();
        }
        if (res.fallback) process.stderr.write(`nnspectra: note: ${res.fallback}\n`);
        printResult(res, format);
        if (res.outcome.status === 'diverged') throw new NnspectraError('NUMERICAL', res.outcome.message ?? 'training diverged');
      }),
    );
}
