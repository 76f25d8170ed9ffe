/**
 * Linear mode connectivity (Frankle et al.; spectral view of Yunis et al.): train a trunk,
 * split it at several steps, continue each split as two branches that differ only in data
 * order, and compare the branch endpoints by their loss barrier and singular-vector
 * agreement. Control: two networks from different initialisations. Perturbation: at the latest
 * split each branch gets its own noise ε, ‖ε‖ = η‖W‖, renormalised to ‖W‖ (output layer
 * untouched), before training on.
 */
import { fillNormals } from '../rng/philox.js';
import type { RunOptions } from '../progress.js';
import { interpolateWeights, lossBarrier } from './barrier.js';
import { evaluateWeights, runSegment, type EngineFactory } from './branch.js';
import type { EngineSetup } from './engine.js';
import { initWeights, type MlpSpec } from './model.js';
import { weightAgreement } from './sv-agreement.js';
import { STREAM_PERTURB } from './tasks.js';

/** Noise levels η of the perturbation experiment. */
export const PERTURBATION_ETAS = [0, 0.1, 0.25, 0.5, 1, 2.5] as const;

/** Barrier and agreement of one pair of endpoints. */
export interface PairComparison {
  /** Train-loss barrier on 11 values of α. */
  barrier: number;
  /** Mean top-10 singular-vector agreement over the layers but the last. */
  svAgreement: number;
  /** Agreement per layer (the last layer excluded). */
  svAgreementLayers: number[];
}

export interface LmcResult {
  splits: ({ step: number } & PairComparison)[];
  control: PairComparison;
  perturbation: ({ eta: number } & PairComparison)[];
  /** Spearman rank correlation of barrier and agreement over every pair above. */
  spearman: number;
}

export interface ExperimentContext {
  spec: MlpSpec;
  data: EngineSetup['data'];
  base: EngineSetup;
  seed: number;
  /** Gain of the initial weights (the control trunk's initialisation uses it too). */
  initScale: number;
  steps: number;
  make: EngineFactory;
}

/** A different Philox key for the control trunk's initial weights. */
export const controlSeed = (seed: number) => (seed + 0x9e3779b9) >>> 0;

function frob(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** W + ε with ‖ε‖_F = η‖W‖_F, rescaled to ‖W‖_F, for every layer but the last. */
export function perturbWeights(W: Float64Array[], eta: number, seed: number, c1: number): Float64Array[] {
  return W.map((w, l) => {
    if (l === W.length - 1 || eta === 0) return w.slice();
    const eps = new Float64Array(w.length);
    fillNormals(eps, 1, w.length, seed, STREAM_PERTURB, c1, l);
    const nw = frob(w);
    const ne = frob(eps);
    const out = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) out[i] = w[i] + (eta * nw * eps[i]) / ne;
    const no = frob(out);
    for (let i = 0; i < w.length; i++) out[i] *= nw / no;
    return out;
  });
}

/** Barrier (train loss) and agreement of two endpoints. */
export async function comparePair(spec: MlpSpec, data: EngineSetup['data'], A: Float64Array[], B: Float64Array[]): Promise<PairComparison> {
  const { barrier } = lossBarrier((a) => evaluateWeights(spec, data, interpolateWeights(A, B, a), 'train').loss, 11);
  const ag = await weightAgreement(spec, A, B);
  return { barrier, svAgreement: ag.mean, svAgreementLayers: ag.layers };
}

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
      for (let t = i; t <= j; t++) r[idx[t]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const rx = rank(x), ry = rank(y);
  const n = x.length;
  const mx = rx.reduce((s, v) => s + v, 0) / n, my = ry.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * Runs the whole experiment: the trunk uses data order 0 (that of an ordinary run), the two
 * branches of every pair orders 1 and 2, so pairs differ only in data order (and, for the
 * perturbations, in their noise).
 */
export async function runLmc(ctx: ExperimentContext, splitSteps: number[], run: RunOptions = {}): Promise<LmcResult> {
  const { spec, data, base, seed, steps, make } = ctx;
  const splits = [...new Set(splitSteps)].sort((a, b) => a - b);
  const late = splits[splits.length - 1];
  const branchSteps = splits.reduce((s, t) => s + 2 * (steps - t), 0);
  const controlSteps = splits[0] === 0 ? steps : 2 * steps;
  const total = late + branchSteps + controlSteps + PERTURBATION_ETAS.length * 2 * (steps - late);
  let done = 0;
  const tick = () => {
    done++;
    if (done % 50 === 0) run.onProgress?.({ phase: 'lmc', done, total });
  };
  const seg = (start: Float64Array[], from: number, order: number, keep?: number[], to = steps) =>
    runSegment(make, base, seed, { start, from, to, order, keep }, run, tick);
  const trunk = await seg(base.init, 0, 0, splits, late);
  const splitPairs: LmcResult['splits'] = [];
  let fromInit: Float64Array[] | null = null;
  for (const s of splits) {
    const W = trunk.kept.get(s)!;
    const a = await seg(W, s, 1);
    const b = await seg(W, s, 2);
    if (s === 0) fromInit = a.final;
    splitPairs.push({ step: s, ...(await comparePair(spec, data, a.final, b.final)) });
  }
  // Control: a second trunk from another initialisation, trained to the end with its own order.
  const other = await seg(initWeights(spec, controlSeed(seed), ctx.initScale), 0, 2);
  fromInit ??= (await seg(base.init, 0, 1)).final;
  const control = await comparePair(spec, data, fromInit, other.final);
  const Wl = trunk.kept.get(late)!;
  const perturbation: LmcResult['perturbation'] = [];
  for (let e = 0; e < PERTURBATION_ETAS.length; e++) {
    const eta = PERTURBATION_ETAS[e];
    // Each branch draws its own noise: the two starts differ by the perturbation, not only by data order.
    const a = await seg(perturbWeights(Wl, eta, seed, 2 * e), late, 1);
    const b = await seg(perturbWeights(Wl, eta, seed, 2 * e + 1), late, 2);
    perturbation.push({ eta, ...(await comparePair(spec, data, a.final, b.final)) });
  }
  const pairs = [...splitPairs, control, ...perturbation];
  const out: LmcResult = {
    splits: splitPairs,
    control,
    perturbation,
    spearman: spearman(pairs.map((p) => p.barrier), pairs.map((p) => p.svAgreement)),
  };
  run.onProgress?.({ phase: 'lmc', done: total, total });
  return out;
}
