/**
 * The training loop: plan (config -> data, model, engine), steps, checkpoints with spectral
 * monitors streamed through an async iterator, cancellation, and divergence handling (a
 * non-finite loss or weight stops the run; the last finite checkpoint stays the last one
 * yielded and the outcome names the step).
 */
import type { Backend, ResolvedBackend } from '../backend.js';
import { NnspectraError, throwIfAborted } from '../errors.js';
import { describeAdapter } from '../gpu/device.js';
import { chooseBackend } from '../gpu/choose-backend.js';
import type { RunOptions } from '../progress.js';
import { singularVectorAgreement } from '../analysis/index.js';
import { resolveTrainActivation } from './activation.js';
import { resolveConfig, type TrainConfig, type TrainOptions } from './config.js';
import { CpuEngine } from './cpu-engine.js';
import type { EngineSetup, TrainEngine } from './engine.js';
import { GpuEngine } from './gpu-engine.js';
import { evaluateLoss } from './loss.js';
import { initWeights, type MlpSpec } from './model.js';
import { monitorCheckpoint, type Checkpoint, type LayerVectors, type MonitorReference } from './monitor.js';
import { batchRows, type EngineFactory } from './branch.js';
import { runLmc, type LmcResult } from './lmc.js';
import { runLottery, type LotteryResult } from './lottery.js';
import { svPrune, type SvPruneResult } from './sv-prune.js';
import { labelsTask, modAddTask, teacherTask, type Dataset } from './tasks.js';

/** How a run ended. */
export interface TrainOutcome {
  status: 'completed' | 'diverged';
  /** Steps taken. */
  steps: number;
  /** For a diverged run: the step at which a non-finite loss or weight was detected. */
  divergedAt: number | null;
  /** The step of the last checkpoint, whose state was finite. */
  lastFiniteStep: number | null;
  message: string | null;
}

/** Everything a finished run reports. */
export interface TrainResult {
  config: TrainConfig;
  backend: ResolvedBackend;
  adapter: string | null;
  /** Why 'auto' used the CPU (null otherwise). */
  fallback: string | null;
  /** Backend of the monitors' eigen/singular-value problems. */
  monitorBackend: Backend;
  checkpoints: Checkpoint[];
  outcome: TrainOutcome;
  /** Preset lmc: barriers and agreements of branch pairs (null otherwise). */
  lmc: LmcResult | null;
  /** Preset lottery: dense, magnitude-mask and random-mask endpoints (null otherwise). */
  lottery: LotteryResult | null;
  /** With svPrune: losses of the final network with its matrices cut by SVD (null otherwise). */
  svPrune: SvPruneResult | null;
  /** Preset random-labels: the final state of the run on true labels and of the one on shuffled labels. */
  labelComparison?: { true: LabelRunSummary; shuffled: LabelRunSummary };
}

/** The end of one run of a true-versus-shuffled labels comparison. */
export interface LabelRunSummary {
  shuffled: boolean;
  step: number;
  trainAcc: number | null;
  testAcc: number | null;
  layers: { name: string; stableRank: number; effectiveRank: number }[];
}

export function buildDataset(c: TrainConfig): Dataset {
  if (c.task === 'teacher') return teacherTask({ d: c.d, nTrain: c.nTrain, nTest: c.nTest, noise: c.noise, target: c.target }, c.seed);
  if (c.task === 'modadd') return modAddTask({ p: c.p, trainFraction: c.trainFraction }, c.seed);
  return labelsTask({ d: c.d, classes: c.classes, nTrain: c.nTrain, nTest: c.nTest, shuffled: c.shuffled }, c.seed);
}

export function buildSpec(c: TrainConfig, data: Dataset): MlpSpec {
  return {
    sizes: [data.inputDim, ...c.widths, data.outputDim],
    activation: resolveTrainActivation(c.activation),
    parameterization: c.parameterization,
  };
}

/** A prepared run: data, model and engine exist; `checkpoints()` trains and streams. */
export class Trainer {
  private outcomeValue: TrainOutcome | null = null;
  private vectors: LayerVectors[][] = [];

  private constructor(
    readonly config: TrainConfig,
    readonly backend: ResolvedBackend,
    readonly adapter: string | null,
    readonly fallback: string | null,
    /** Where the monitors' eigenproblems run: as configured, else the training backend, except
     * on a software adapter (SwiftShader), where the float64 CPU solvers are much faster. */
    readonly monitorBackend: Backend,
    readonly data: Dataset,
    readonly spec: MlpSpec,
    private readonly engine: TrainEngine,
    /** What the engine was built from (initial weights, optimizer, batch size). */
    readonly engineSetup: EngineSetup,
    /** Builds further engines on the same backend (the loss-surface experiments' branches). */
    readonly makeEngine: EngineFactory,
  ) {}

  /** Validates the options, builds the task and the model, and acquires the backend. */
  static async create(options: TrainOptions = {}): Promise<Trainer> {
    const config = resolveConfig(options);
    const data = buildDataset(config);
    const spec = buildSpec(config, data);
    const setup: EngineSetup = {
      spec,
      data,
      frozen: config.frozen,
      init: initWeights(spec, config.seed, config.initScale),
      batchSize: config.batchSize,
      optimizer: {
        name: config.optimizer,
        lr: config.lr,
        momentum: config.momentum,
        beta1: config.beta1,
        beta2: config.beta2,
        eps: config.eps,
        weightDecay: config.weightDecay,
      },
    };
    const mon = config.monitorBackend;
    const choice = await chooseBackend(config.backend);
    const cpu: EngineFactory = async (s) => new CpuEngine(s);
    if (!choice.gpu) return new Trainer(config, 'cpu', null, choice.fallback ?? null, mon ?? 'cpu', data, spec, new CpuEngine(setup), setup, cpu);
    const gpu = choice.gpu;
    try {
      const engine = await GpuEngine.create(gpu, setup);
      const monitorBackend = mon ?? (gpu.adapter.software ? 'cpu' : 'webgpu');
      const onGpu: EngineFactory = (s) => GpuEngine.create(gpu, s);
      return new Trainer(config, 'webgpu', describeAdapter(gpu.adapter), null, monitorBackend, data, spec, engine, setup, onGpu);
    } catch (e) {
      if (config.backend === 'webgpu') throw e;
      const why = e instanceof Error ? e.message : String(e);
      return new Trainer(config, 'cpu', null, `WebGPU unavailable (${why})`, mon ?? 'cpu', data, spec, new CpuEngine(setup), setup, cpu);
    }
  }

  /** How the run ended (null while it runs). */
  get outcome(): TrainOutcome | null {
    return this.outcomeValue;
  }

  /** Top-k singular vectors of every layer at every yielded checkpoint. */
  get checkpointVectors(): LayerVectors[][] {
    return this.vectors;
  }

  private batchAt(step: number): Int32Array | null {
    return batchRows(this.data.nTrain, this.config.batchSize, this.config.seed, step);
  }

  private async losses(step: number): Promise<Pick<Checkpoint, 'step' | 'trainLoss' | 'testLoss' | 'trainAcc' | 'testAcc'>> {
    const d = this.data;
    const yCols = d.loss === 'mse' ? d.outputDim : 1;
    void yCols;
    const tr = evaluateLoss(d.loss, await this.engine.predict('train'), d.yTrain, d.nTrain, d.outputDim);
    const te = d.nTest > 0 ? evaluateLoss(d.loss, await this.engine.predict('test'), d.yTest, d.nTest, d.outputDim) : null;
    return { step, trainLoss: tr.loss, testLoss: te ? te.loss : null, trainAcc: tr.acc, testAcc: te ? te.acc : null };
  }

  /**
   * Trains and yields a checkpoint at step 0, every `every` steps and at the last step. The
   * generator's return value is the outcome; a diverged run ends early without throwing.
   */
  async *checkpoints(run: RunOptions = {}): AsyncGenerator<Checkpoint, TrainOutcome, void> {
    const c = this.config;
    const monitorInput = {
      spec: this.spec,
      data: this.data,
      frozen: c.frozen,
      kernelSamples: c.kernelSamples,
      ck: c.ck,
      ntk: c.ntk,
      topK: c.topK,
      backend: this.monitorBackend,
    };
    let ref: MonitorReference | null = null;
    let lastFinite: number | null = null;
    const finish = (o: Omit<TrainOutcome, 'lastFiniteStep'>): TrainOutcome => {
      this.outcomeValue = { ...o, lastFiniteStep: lastFinite };
      return this.outcomeValue;
    };
    const diverged = (step: number, what: string) =>
      finish({
        status: 'diverged',
        steps: step,
        divergedAt: step,
        message: `training diverged: ${what} at step ${step}${lastFinite === null ? '' : ` (last finite checkpoint: step ${lastFinite})`}; lower lr`,
      });
    // A few hundred progress events per run at most, whatever the checkpoint interval.
    const tick = Math.max(1, Math.floor(c.steps / 200));
    for (let step = 0; ; ) {
      throwIfAborted(run.signal);
      const losses = await this.losses(step);
      if (!Number.isFinite(losses.trainLoss)) return diverged(step, 'non-finite training loss');
      const W = await this.engine.weights();
      if (W.some((w) => w.some((x) => !Number.isFinite(x)))) return diverged(step, 'non-finite weights');
      let checkpoint: Checkpoint = { ...losses, layers: [], ck: null, ntk: null, teacherOverlap: null };
      if (c.monitors) {
        const r = await monitorCheckpoint(monitorInput, W, losses, ref);
        ref = r.ref;
        this.vectors.push(r.vectors);
        checkpoint = r.checkpoint;
      }
      lastFinite = step;
      run.onProgress?.({ phase: 'train', done: step, total: c.steps });
      yield checkpoint;
      if (step >= c.steps) break;
      const next = Math.min(c.steps, step + c.every);
      for (; step < next; ) {
        throwIfAborted(run.signal);
        const loss = await this.engine.step(this.batchAt(step));
        step++;
        if (loss !== null && !Number.isFinite(loss)) return diverged(step, 'non-finite training loss');
        if (step % tick === 0 && step < next) run.onProgress?.({ phase: 'train', done: step, total: c.steps });
      }
    }
    return finish({ status: 'completed', steps: c.steps, divergedAt: null, message: null });
  }

  /** Copies of the current weights (between checkpoints, or after the run). */
  weights(): Promise<Float64Array[]> {
    return this.engine.weights();
  }

  destroy(): void {
    this.engine.destroy();
  }
}

/** The loss-surface experiments a configuration asks for (lmc, lottery, sv-prune), after a completed run with final weights `final`. */
export async function experiments(t: Trainer, final: Float64Array[], run: RunOptions): Promise<Pick<TrainResult, 'lmc' | 'lottery' | 'svPrune'>> {
  const c = t.config;
  const ctx = { spec: t.spec, data: t.data, base: t.engineSetup, seed: c.seed, initScale: c.initScale, steps: c.steps, make: t.makeEngine };
  return {
    lmc: c.preset === 'lmc' ? await runLmc(ctx, c.splits, run) : null,
    lottery: c.preset === 'lottery' ? await runLottery(ctx, c.keep, c.rewind, run) : null,
    svPrune: c.svPrune ? await svPrune(t.spec, t.data, final) : null,
  };
}

/**
 * Runs a whole training and collects its checkpoints; adds the singular-vector agreement of
 * every checkpoint with the final one. A diverged run resolves (its `outcome` says so). With
 * preset random-labels the same network is also trained on the other labelling (true or
 * shuffled) and `labelComparison` reports both.
 */
export async function train(options: TrainOptions = {}, run: RunOptions = {}): Promise<TrainResult> {
  const res = await trainOne(options, run);
  if (res.config.preset !== 'random-labels') return res;
  // The preset's claim is a contrast: the same network and data with the labels kept and shuffled.
  const other = await trainOne({ ...options, shuffled: !res.config.shuffled }, run);
  const [truth, shuffled] = res.config.shuffled ? [other, res] : [res, other];
  return { ...res, labelComparison: { true: labelSummary(truth), shuffled: labelSummary(shuffled) } };
}

function labelSummary(r: TrainResult): LabelRunSummary {
  const last = r.checkpoints[r.checkpoints.length - 1];
  return {
    shuffled: r.config.shuffled,
    step: last.step,
    trainAcc: last.trainAcc,
    testAcc: last.testAcc,
    layers: last.layers.map((l) => ({ name: l.name, stableRank: l.stableRank, effectiveRank: l.effectiveRank })),
  };
}

async function trainOne(options: TrainOptions, run: RunOptions): Promise<TrainResult> {
  const t = await Trainer.create(options);
  const checkpoints: Checkpoint[] = [];
  let outcome: TrainOutcome;
  let extra: Pick<TrainResult, 'lmc' | 'lottery' | 'svPrune'> = { lmc: null, lottery: null, svPrune: null };
  try {
    const it = t.checkpoints(run);
    for (;;) {
      const r = await it.next();
      if (r.done) {
        outcome = r.value;
        break;
      }
      checkpoints.push(r.value);
    }
    if (outcome.status === 'completed') extra = await experiments(t, await t.weights(), run);
  } finally {
    t.destroy();
  }
  const vecs = t.checkpointVectors;
  const last = vecs[vecs.length - 1];
  if (last) {
    for (let i = 0; i < checkpoints.length; i++) {
      checkpoints[i].layers.forEach((layer, l) => {
        const [m, n] = layer.shape;
        layer.agreementWithFinal = singularVectorAgreement(vecs[i][l], last[l], m, n).diagonalMean;
      });
    }
  }
  if (!outcome) throw new NnspectraError('NUMERICAL', 'training ended without an outcome');
  return { config: t.config, backend: t.backend, adapter: t.adapter, fallback: t.fallback, monitorBackend: t.monitorBackend, checkpoints, outcome, ...extra };
}
