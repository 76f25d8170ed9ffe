/** `nnspectra train`: train a small network and print its spectra at checkpoints. */
import type { Command } from 'commander';
import { invalidParam, NnspectraError } from '../../errors.js';
import { PRESET_SETTINGS, PRESETS, resolveConfig, TASKS, type PresetName, type TrainConfig, type TrainOptions } from '../../train/config.js';
import { train, type TrainResult } from '../../train/loop.js';
import { action } from '../run.js';
import { grammar, outputOptions } from '../grammar.js';
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
  splits?: string;
  keep?: string;
  rewind?: string;
  svPrune?: boolean;
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
  const widths =
    f.widths === undefined
      ? undefined
      : f.widths.split(',').map((t) => {
          if (t.trim() === '' || Number.isNaN(Number(t))) invalidParam('widths', 'a comma-separated list of hidden widths', f.widths);
          return Number(t);
        });
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
    splits: f.splits === undefined ? undefined : f.splits.split(',').map((t) => num('splits', t) as number),
    keep: num('keep', f.keep),
    rewind: num('rewind', f.rewind),
    svPrune: f.svPrune,
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
      ...(res.lmc ? { lmc: res.lmc } : {}),
      ...(res.lottery ? { lottery: res.lottery } : {}),
      ...(res.svPrune ? { svPrune: res.svPrune } : {}),
      ...(res.labelComparison ? { labelComparison: res.labelComparison } : {}),
    });
    return;
  }
  // Ordered by what a reader looks at first: a table narrower than all of them keeps the left ones.
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
  else {
    printTable(header, rows, `training (${res.config.task}${res.config.preset ? `, preset ${res.config.preset}` : ''}) on ${res.backend}${res.adapter ? ` (${res.adapter})` : ''}; first layer shown`);
    printExperiments(res);
  }
}

/** Tables of the loss-surface experiments (the CSV keeps one schema: checkpoints only). */
function printExperiments(res: TrainResult): void {
  const { lmc, lottery, svPrune } = res;
  if (lmc) {
    const rows: unknown[][] = [
      ...lmc.splits.map((p) => [`split at step ${p.step}`, p.barrier, p.svAgreement]),
      ['control (two inits)', lmc.control.barrier, lmc.control.svAgreement],
      ...lmc.perturbation.map((p) => [`late split, eta ${p.eta}`, p.barrier, p.svAgreement]),
    ];
    printTable(['pair', 'barrier', 'svAgreement'], rows, `linear mode connectivity (Spearman of barrier vs agreement: ${lmc.spearman.toFixed(3)})`);
  }
  if (lottery) {
    const rows: unknown[][] = [
      ['dense', lottery.dense.testAcc, null],
      ['magnitude mask', lottery.magnitude.testAcc, lottery.magnitude.svAgreement],
      ['random mask', lottery.random.testAcc, lottery.random.svAgreement],
    ];
    printTable(['network', 'testAcc', 'svAgreement'], rows, `lottery ticket: keep ${lottery.keep} %, rewind to step ${lottery.rewindStep}`);
  }
  if (svPrune) printTable(['fullLoss', 'topLoss', 'bottomLoss'], [[svPrune.fullLoss, svPrune.topLoss, svPrune.bottomLoss]], 'singular-value pruning (training loss)');
  const cmp = res.labelComparison;
  if (cmp) {
    const rows = [cmp.true, cmp.shuffled].flatMap((s) =>
      s.layers.map((l) => [s.shuffled ? 'shuffled' : 'true', s.step, r6(s.trainAcc), r6(s.testAcc), l.name, l.stableRank, l.effectiveRank]),
    );
    printTable(['labels', 'step', 'trainAcc', 'testAcc', 'layer', 'stableRank', 'effectiveRank'], rows, 'true versus shuffled labels, final checkpoint');
  }
}

/** Resolved defaults per task, for --help; computed so that they stay what a run uses. */
function taskDefaults(): Record<string, TrainConfig> {
  return Object.fromEntries(TASKS.map((t) => [t, resolveConfig({ task: t })]));
}

/** "(default: 256)" or "(default: teacher 256, labels 32)" over the tasks a flag applies to. */
function dflt(key: keyof TrainConfig, tasks: readonly string[] = TASKS, show: (v: unknown) => string = String): string {
  const all = taskDefaults();
  const vals = tasks.map((t) => show(all[t][key]));
  return new Set(vals).size === 1 ? `(default: ${vals[0]})` : `(default: ${tasks.map((t, i) => `${t} ${vals[i]}`).join(', ')})`;
}

interface TrainContext {
  task: string;
  preset: string | null;
  optimizer: string;
  monitors: boolean;
}

/** The task and optimizer a run will use (flag, else preset, else task default), for the grammar. */
function trainContext(o: Record<string, unknown>): TrainContext {
  const preset = o.preset === undefined ? null : String(o.preset);
  if (preset !== null && !(PRESETS as readonly string[]).includes(preset)) invalidParam('preset', `one of ${PRESETS.join(', ')}`, preset);
  const ps = preset ? PRESET_SETTINGS[preset as PresetName] : undefined;
  const task = String(o.task ?? ps?.task ?? 'teacher');
  if (!(TASKS as readonly string[]).includes(task)) invalidParam('task', `one of ${TASKS.join(', ')}`, task);
  const optimizer = String(o.optimizer ?? ps?.optimizer ?? resolveConfig({ task: task as TrainOptions['task'] }).optimizer);
  return { task, preset, optimizer, monitors: o.monitors !== false };
}

export function registerTrain(program: Command): void {
  const dataFlags = ['teacher', 'labels'];
  const cmd = program
    .command('train')
    .description('Train a small network (teacher, modadd, labels) and print the spectra of its weights, CK and NTK at checkpoints.')
    .option('--task <name>', `${TASKS.join(' | ')} (default: teacher, or the preset's task)`)
    .option('--preset <name>', `${PRESETS.join(' | ')}: a preset's settings, which explicit flags override (default: none)`)
    .option('--size <s>', "default | paper: a preset at its paper's own size, meant for a GPU (default: default)")
    .option('--seed <n>', `random seed ${dflt('seed')}`)
    .option('--d <n>', `input dimension (teacher, labels) ${dflt('d', dataFlags)}`)
    .option('--width <n>', `hidden width n ${dflt('width')}`)
    .option('--depth <n>', `number of hidden layers ${dflt('depth')}`)
    .option('--widths <list>', 'hidden widths, comma-separated, instead of --width and --depth')
    .option('--n-train <n>', `training samples (teacher, labels) ${dflt('nTrain', dataFlags)}`)
    .option('--n-test <n>', `test samples (teacher, labels) ${dflt('nTest', dataFlags)}`)
    .option('--noise <s>', `teacher label noise ${dflt('noise', ['teacher'])}`)
    .option('--target <name>', `teacher link: softplus | tanh ${dflt('target', ['teacher'])}`)
    .option('--p <n>', `modulus (modadd) ${dflt('p', ['modadd'])}`)
    .option('--train-fraction <f>', `fraction of pairs used for training (modadd), in (0, 1) ${dflt('trainFraction', ['modadd'])}`)
    .option('--classes <n>', `number of classes (labels) ${dflt('classes', ['labels'])}`)
    .option('--shuffled', 'shuffle the training labels (labels)')
    .option('--activation <name>', `activation (any name or expression the theory engine accepts) ${dflt('activation')}`)
    .option('--parameterization <p>', `ntk | standard ${dflt('parameterization')}`)
    .option('--init-scale <x>', `multiplier of the initial weights ${dflt('initScale')}`)
    .option('--train-layers <list>', "layers that train, 1-based ('1', '1,2', 'all') (default: teacher 1, others all)")
    .option('--optimizer <name>', `gd | sgd | adam | adamw ${dflt('optimizer')}`)
    .option('--lr <x>', `learning rate ${dflt('lr')}`)
    .option('--momentum <x>', `momentum (gd, sgd) ${dflt('momentum')}`)
    .option('--weight-decay <x>', `weight decay (decoupled for adamw) ${dflt('weightDecay')}`)
    .option('--batch-size <n>', 'minibatch size (sgd, adam, adamw; 0 = full batch) (default: 0)')
    .option('--steps <n>', `optimizer steps ${dflt('steps')}`)
    .option('--every <k>', `checkpoint every k steps ${dflt('every')}`)
    .option('--kernel-samples <n>', `samples for the CK and NTK ${dflt('kernelSamples')}`)
    .option('--no-monitors', 'losses and accuracies only (no spectra)')
    .option('--no-ck', 'skip the conjugate kernel')
    .option('--no-ntk', 'skip the tangent kernel')
    .option('--backend <b>', 'webgpu | cpu | auto', 'auto')
    .option('--monitor-backend <b>', 'backend of the spectra (default: the training backend; cpu on software adapters)')
    .option('--splits <list>', 'lmc: split steps, comma-separated (default: 0, 2, 5, 10, 30 % of the steps)')
    .option('--keep <pct>', 'lottery: percent of weights the magnitude mask keeps, last layer excluded (default: 5)')
    .option('--rewind <step>', 'lottery: step the sparse networks rewind to (default: 2 % of the steps)')
    .option('--sv-prune', 'at the end, evaluate the network with each matrix but the last cut to the top / bottom half of its SVD');
  outputOptions(cmd, { csv: 'CSV, one row per checkpoint and layer' });
  grammar<TrainContext>(cmd, {
    examples: [
      'nnspectra train --preset spike',
      'nnspectra train --task modadd --p 23 --steps 2000 --every 100 --no-ntk --csv',
      'nnspectra train --task labels --shuffled --optimizer sgd --momentum 0.9 --batch-size 64',
      'nnspectra train --preset lmc --json',
      'nnspectra train --preset lottery --keep 5 --sv-prune',
    ],
    conflicts: [
      ['widths', 'width'],
      ['widths', 'depth'],
    ],
    context: trainContext,
    describe: (c) => `--task ${c.task}${c.preset ? ` from --preset ${c.preset}` : ''}, --optimizer ${c.optimizer}${c.monitors ? '' : ', --no-monitors'}`,
    rules: [
      { flags: ['d', 'n-train', 'n-test'], only: 'with --task teacher or labels', applies: (c) => c.task !== 'modadd' },
      { flags: ['noise', 'target'], only: 'with --task teacher', applies: (c) => c.task === 'teacher' },
      { flags: ['p', 'train-fraction'], only: 'with --task modadd', applies: (c) => c.task === 'modadd' },
      { flags: ['classes', 'shuffled'], only: 'with --task labels', applies: (c) => c.task === 'labels' },
      { flags: ['momentum'], only: 'with --optimizer gd or sgd', applies: (c) => c.optimizer === 'gd' || c.optimizer === 'sgd' },
      { flags: ['batch-size'], only: 'with --optimizer sgd, adam or adamw (gd is full-batch)', applies: (c) => c.optimizer !== 'gd' },
      { flags: ['no-ck', 'no-ntk', 'kernel-samples', 'monitor-backend'], only: 'with the monitors on (without --no-monitors)', applies: (c) => c.monitors },
      { flags: ['splits'], only: 'with --preset lmc', applies: (c) => c.preset === 'lmc' },
      { flags: ['keep', 'rewind'], only: 'with --preset lottery', applies: (c) => c.preset === 'lottery' },
    ],
  });
  cmd
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
