/**
 * Training options: what the user may set, the defaults of each task and preset, and the
 * validation that turns bad input into one clear error before any work starts.
 */
import type { Backend } from '../backend.js';
import { parseBackend } from '../backend.js';
import { checkInt, checkNumber, invalidParam } from '../errors.js';
import { activationLabel, parseActivation } from '../theory/activations.js';
import type { Parameterization } from './model.js';
import type { OptimizerName } from './optimizer.js';
import type { TaskName } from './tasks.js';

export const TASKS: readonly TaskName[] = ['teacher', 'modadd', 'labels'];
export const OPTIMIZERS: readonly OptimizerName[] = ['gd', 'sgd', 'adam', 'adamw'];
export const PRESETS = ['invariant-bulk', 'spike', 'heavy-tail', 'grokking', 'random-labels', 'lmc', 'lottery'] as const;
export type PresetName = (typeof PRESETS)[number];
export const PRESET_SIZES = ['default', 'paper'] as const;
export type PresetSize = (typeof PRESET_SIZES)[number];

/** Everything a run can be told; every field is optional (task and preset defaults fill in). */
export interface TrainOptions {
  task?: TaskName;
  /** Starts from a preset's settings; explicit fields still override them. */
  preset?: PresetName;
  /** 'paper': the preset at its paper's own size (hours on a CPU; meant for a GPU). */
  size?: PresetSize;
  seed?: number;
  /** Input dimension (teacher, labels). */
  d?: number;
  /** Hidden width n of every hidden layer. */
  width?: number;
  /** Number of hidden layers. */
  depth?: number;
  /** Hidden widths, one per hidden layer (overrides width and depth). */
  widths?: number[];
  nTrain?: number;
  nTest?: number;
  /** Teacher: label noise σ; target link φ*. */
  noise?: number;
  target?: 'softplus' | 'tanh';
  /** modadd: modulus p and the fraction of the p² pairs used for training. */
  p?: number;
  trainFraction?: number;
  /** labels: number of classes and whether the training labels are shuffled. */
  classes?: number;
  shuffled?: boolean;
  /** Activation name (a built-in of the theory engine). */
  activation?: string;
  parameterization?: Parameterization;
  /** Multiplies every initial weight (1: the parameterisation's own initialisation). */
  initScale?: number;
  /** frozen[l]: layer l is not trained (teacher default: only the first layer trains). */
  frozen?: boolean[];
  optimizer?: OptimizerName;
  lr?: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** Rows per step; 0 means the full training set (GD). */
  batchSize?: number;
  steps?: number;
  /** A checkpoint (with spectra) every `every` steps, plus step 0 and the last step. */
  every?: number;
  /** Samples used for the CK and NTK (a prefix of the training set). */
  kernelSamples?: number;
  /** Compute spectra at checkpoints (false: losses and accuracies only, the fastest run). */
  monitors?: boolean;
  /** Compute the CK / NTK spectra at checkpoints. */
  ck?: boolean;
  ntk?: boolean;
  /** Singular vectors kept per layer for the agreement with the final checkpoint. */
  topK?: number;
  backend?: Backend;
  /** Backend of the monitors' eigen/singular-value problems (default: the training backend). */
  monitorBackend?: Backend;
  /** Preset lmc: steps at which the trunk is split into two branches (default: 0, 2, 5, 10 and 30 % of the steps). */
  splits?: number[];
  /** Preset lottery: percent of the weights (last layer excluded) the magnitude mask keeps, in (0, 100]. */
  keep?: number;
  /** Preset lottery: the step the sparse networks rewind to (default: 2 % of the steps). */
  rewind?: number;
  /** At the end, evaluate the network with its matrices cut to the top / bottom half of their SVD. */
  svPrune?: boolean;
}

/** A fully resolved, validated configuration (reported with the results). */
export interface TrainConfig {
  task: TaskName;
  preset: PresetName | null;
  size: PresetSize;
  seed: number;
  d: number;
  width: number;
  depth: number;
  /** Hidden widths, one per hidden layer. */
  widths: number[];
  nTrain: number;
  nTest: number;
  noise: number;
  target: 'softplus' | 'tanh';
  p: number;
  trainFraction: number;
  classes: number;
  shuffled: boolean;
  activation: string;
  parameterization: Parameterization;
  initScale: number;
  frozen: boolean[];
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  batchSize: number;
  steps: number;
  every: number;
  kernelSamples: number;
  monitors: boolean;
  ck: boolean;
  ntk: boolean;
  topK: number;
  backend: Backend;
  monitorBackend: Backend | null;
  /** Split steps of preset lmc, ascending (empty for other runs). */
  splits: number[];
  keep: number;
  rewind: number;
  svPrune: boolean;
}

const COMMON = {
  seed: 0,
  noise: 0,
  target: 'softplus' as const,
  p: 23,
  trainFraction: 0.5,
  classes: 4,
  shuffled: false,
  initScale: 1,
  momentum: 0,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  batchSize: 0,
  kernelSamples: 256,
  monitors: true,
  ck: true,
  ntk: true,
  topK: 4,
  backend: 'auto' as Backend,
  keep: 5,
  svPrune: false,
};

/**
 * Task defaults. The teacher keeps the linear-width ratios of the papers (n : d : N =
 * 1.5 : 1 : 2) at a size a laptop trains in seconds; pass d = 1000, width = 1500,
 * nTrain = 2000 for the papers' scale.
 */
const TASK_DEFAULTS: Record<TaskName, Partial<TrainConfig>> = {
  teacher: {
    d: 256, width: 384, depth: 1, nTrain: 512, nTest: 512, noise: 0.1, activation: 'tanh', parameterization: 'ntk',
    optimizer: 'gd', lr: 1, steps: 100, every: 10,
  },
  modadd: {
    width: 64, depth: 1, activation: 'relu', parameterization: 'standard', optimizer: 'adamw', lr: 0.05,
    weightDecay: 1, beta2: 0.98, trainFraction: 0.7, steps: 1000, every: 50, kernelSamples: 128,
  },
  labels: {
    d: 32, width: 128, depth: 1, nTrain: 256, nTest: 256, activation: 'relu', parameterization: 'standard',
    optimizer: 'adam', lr: 3e-3, steps: 500, every: 50, kernelSamples: 128,
  },
};

const LOSS_SURFACE = {
  task: 'labels' as const, d: 32, width: 128, depth: 2, nTrain: 256, nTest: 256, classes: 4, optimizer: 'sgd' as const,
  lr: 0.1, momentum: 0, weightDecay: 0.01, batchSize: 16, steps: 1000, every: 100,
};

/** Preset settings: each reproduces one phenomenon of the training papers at small scale. */
export const PRESET_SETTINGS: Record<PresetName, Partial<TrainConfig> & { task: TaskName }> = {
  'invariant-bulk': { task: 'teacher', optimizer: 'gd', lr: 1, steps: 100, every: 25 },
  // One giant step (Ba et al. 2022): lr scales as √(n·d), set in resolveConfig.
  spike: { task: 'teacher', optimizer: 'gd', steps: 1, every: 1 },
  'heavy-tail': { task: 'teacher', optimizer: 'adam', lr: 0.5, steps: 30, every: 5 },
  // Lazy start (large initial scale) then weight decay: memorises first, generalises late.
  // Width 128 and 85 % of the pairs make the rise to generalisation sharp (shorter than the
  // plateau before it) and keep the test accuracy at 0.95 or above to the end, for every seed.
  grokking: {
    task: 'modadd', p: 23, trainFraction: 0.85, width: 128, activation: 'x*x', initScale: 6,
    optimizer: 'gd', lr: 0.3, momentum: 0.9, weightDecay: 0.001, steps: 3000, every: 25,
  },
  'random-labels': { task: 'labels', shuffled: true, optimizer: 'adam', lr: 3e-3, steps: 300, every: 50 },
  // Loss surface: small-batch SGD (data order matters, no optimizer state to carry across a
  // split) with weight decay, which shrinks the random bulk so the top singular vectors carry
  // what was learned; two hidden layers give two matrices to compare.
  lmc: { ...LOSS_SURFACE },
  lottery: { ...LOSS_SURFACE },
};

const TEACHER_PAPER_SIZE = { d: 1000, width: 1500, nTrain: 2000, nTest: 2000 };

/**
 * The papers' own sizes, applied over a preset with `size: 'paper'`: the teacher presets at
 * n : d : N = 1500 : 1000 : 2000 (Ba et al. 2022; Wang et al. 2023), grokking at p = 97
 * (Power et al. 2022) with a width that leaves room for its Fourier features.
 */
export const PRESET_PAPER_SIZES: Partial<Record<PresetName, Partial<TrainConfig>>> = {
  'invariant-bulk': TEACHER_PAPER_SIZE,
  spike: TEACHER_PAPER_SIZE,
  'heavy-tail': TEACHER_PAPER_SIZE,
  grokking: { p: 97, trainFraction: 0.5, width: 512, steps: 20000, every: 250, kernelSamples: 512 },
};

function pick<T>(param: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) invalidParam(param, `one of ${allowed.join(', ')}`, v);
  return v as T;
}

/** Merges task defaults, preset and user options, and validates the result. */
export function resolveConfig(o: TrainOptions = {}): TrainConfig {
  const preset = o.preset === undefined ? null : pick('preset', o.preset, PRESETS);
  const presetCfg: Partial<TrainConfig> = preset ? PRESET_SETTINGS[preset] : {};
  const task = pick('task', o.task ?? presetCfg.task ?? 'teacher', TASKS);
  if (preset && o.task !== undefined && o.task !== presetCfg.task)
    invalidParam('task', `${presetCfg.task} for preset ${preset}`, o.task);
  const defined = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const size = pick('size', o.size ?? 'default', PRESET_SIZES);
  let paperCfg: Partial<TrainConfig> = {};
  if (size === 'paper') {
    const ps = preset ? PRESET_PAPER_SIZES[preset] : undefined;
    if (!ps) invalidParam('size', `'paper' only with a preset among ${Object.keys(PRESET_PAPER_SIZES).join(', ')}`, preset ?? 'no preset');
    paperCfg = ps;
  }
  const c = { ...COMMON, ...TASK_DEFAULTS[task], ...presetCfg, ...paperCfg, ...defined, task, preset, size } as TrainConfig;
  c.d ??= 0;
  if (preset === 'spike' && o.lr === undefined) c.lr = 5 * Math.sqrt((o.widths?.[0] ?? c.width) * c.d);
  checkInt('seed', c.seed, 0, 0xffffffff);
  if (o.widths !== undefined) {
    if (!Array.isArray(o.widths) || o.widths.length < 1 || o.widths.length > 16)
      invalidParam('widths', 'a list of 1 to 16 hidden widths', o.widths);
    o.widths.forEach((w) => checkInt('widths', w, 1, 65536));
    c.widths = [...o.widths];
    c.depth = c.widths.length;
    c.width = c.widths[0];
  } else {
    checkInt('depth', c.depth, 1, 16);
    checkInt('width', c.width, 1, 65536);
    c.widths = new Array(c.depth).fill(c.width);
  }
  if (task !== 'modadd') {
    checkInt('d', c.d, 1, 65536);
    checkInt('n-train', c.nTrain, 1, 1 << 22);
    checkInt('n-test', c.nTest, 0, 1 << 22);
  } else {
    checkInt('p', c.p, 2, 1000);
    checkNumber('train-fraction', c.trainFraction, 0, 1, { loOpen: true, hiOpen: true });
    c.d = 2 * c.p;
    const total = c.p * c.p;
    c.nTrain = Math.max(1, Math.min(total - 1, Math.round(c.trainFraction * total)));
    c.nTest = total - c.nTrain;
  }
  if (task === 'labels') checkInt('classes', c.classes, 2, 1000);
  if (task === 'teacher') {
    checkNumber('noise', c.noise, 0);
    pick('target', c.target, ['softplus', 'tanh'] as const);
  }
  pick('parameterization', c.parameterization, ['ntk', 'standard'] as const);
  checkNumber('init-scale', c.initScale, 0, 1e6, { loOpen: true });
  pick('optimizer', c.optimizer, OPTIMIZERS);
  checkNumber('lr', c.lr, 0, Infinity, { loOpen: true });
  checkNumber('momentum', c.momentum, 0, 1, { hiOpen: true });
  checkNumber('beta1', c.beta1, 0, 1, { hiOpen: true });
  checkNumber('beta2', c.beta2, 0, 1, { hiOpen: true });
  checkNumber('eps', c.eps, 0, Infinity, { loOpen: true });
  checkNumber('weight-decay', c.weightDecay, 0);
  checkInt('steps', c.steps, 0, 1e9);
  checkInt('every', c.every, 1, 1e9);
  checkInt('batch-size', c.batchSize, 0, c.nTrain);
  if (c.optimizer === 'gd') c.batchSize = 0;
  if (c.batchSize === 0) c.batchSize = c.nTrain;
  checkInt('kernel-samples', c.kernelSamples, 1, 8192);
  c.kernelSamples = Math.min(c.kernelSamples, c.nTrain);
  checkInt('top-k', c.topK, 1, 64);
  c.backend = parseBackend(c.backend);
  c.monitorBackend = o.monitorBackend === undefined ? null : parseBackend(o.monitorBackend, 'monitor-backend');
  const layers = c.depth + 1;
  const frozen = o.frozen ?? (task === 'teacher' ? [false, ...new Array(layers - 1).fill(true)] : new Array(layers).fill(false));
  if (!Array.isArray(frozen) || frozen.length !== layers)
    invalidParam('frozen', `an array of ${layers} booleans (one per layer)`, frozen);
  if (frozen.every((f) => f)) invalidParam('frozen', 'leaving at least one layer trainable', frozen.join(','));
  c.frozen = frozen.map(Boolean);
  resolveExperiments(c, o);
  // Parsed now so that a bad name fails before any work; the label is what results report.
  c.activation = activationLabel(parseActivation(c.activation));
  return c;
}

/** Split steps, mask density and rewind step of the loss-surface presets; sv-prune flag. */
function resolveExperiments(c: TrainConfig, o: TrainOptions): void {
  const at = (f: number) => Math.round(f * c.steps);
  if (o.splits !== undefined) {
    if (!Array.isArray(o.splits) || o.splits.length < 1 || o.splits.length > 32)
      invalidParam('splits', 'a list of 1 to 32 steps', o.splits);
    o.splits.forEach((s) => checkInt('splits', s, 0, c.steps));
  }
  const splits = o.splits ?? (c.preset === 'lmc' ? [0, at(0.02), at(0.05), at(0.1), at(0.3)] : []);
  c.splits = [...new Set(splits)].sort((a, b) => a - b);
  checkNumber('keep', c.keep, 0, 100, { loOpen: true });
  c.rewind = o.rewind ?? (c.preset === 'lottery' ? at(0.02) : 0);
  checkInt('rewind', c.rewind, 0, c.steps);
  c.svPrune = !!c.svPrune;
}
