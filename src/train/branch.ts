/**
 * Training segments for the loss-surface experiments: continue a network from given weights
 * between two steps under a chosen data order, and evaluate any weights on the float64 twin.
 * Data order 0 is the order of an ordinary run (so a segment with order 0 reproduces the
 * trunk); every other order is an independent reshuffle of the same training set.
 */
import { throwIfAborted } from '../errors.js';
import type { RunOptions } from '../progress.js';
import type { EngineSetup, TrainEngine } from './engine.js';
import { evaluateLoss, type LossValue } from './loss.js';
import { forward, outputs, type MlpSpec } from './model.js';
import { permutation, STREAM_BATCH, STREAM_BRANCH, type Dataset } from './tasks.js';

/** Builds a training engine on the run's backend. */
export type EngineFactory = (setup: EngineSetup) => Promise<TrainEngine>;

/** The training rows of `step` under data order `order` (null: the full batch). */
export function batchRows(nTrain: number, batchSize: number, seed: number, step: number, order = 0): Int32Array | null {
  if (batchSize >= nTrain) return null;
  const perEpoch = Math.floor(nTrain / batchSize);
  const epoch = Math.floor(step / perEpoch);
  const b = step % perEpoch;
  // One permutation per epoch, regenerated from its counter: no state to carry.
  const perm = order === 0 ? permutation(nTrain, seed, STREAM_BATCH, epoch) : permutation(nTrain, seed, STREAM_BRANCH, epoch, order);
  return perm.subarray(b * batchSize, (b + 1) * batchSize);
}

/** One segment: start weights, step range [from, to), data order, optional masks. */
export interface Segment {
  start: Float64Array[];
  from: number;
  to: number;
  order: number;
  masks?: (Float64Array | null)[];
  /** Steps at which to keep a copy of the weights (within [from, to]). */
  keep?: number[];
}

export interface SegmentResult {
  final: Float64Array[];
  kept: Map<number, Float64Array[]>;
}

/**
 * Trains one segment on a fresh engine (optimizer state starts empty: exact for SGD without
 * momentum, a restart of the moments otherwise). `tick` is called after every step.
 */
export async function runSegment(
  make: EngineFactory,
  base: EngineSetup,
  seed: number,
  seg: Segment,
  run: RunOptions,
  tick: () => void = () => {},
): Promise<SegmentResult> {
  const engine = await make({ ...base, init: seg.start, masks: seg.masks });
  const kept = new Map<number, Float64Array[]>();
  try {
    const want = new Set(seg.keep ?? []);
    for (let step = seg.from; ; step++) {
      if (want.has(step)) kept.set(step, await engine.weights());
      if (step >= seg.to) break;
      throwIfAborted(run.signal);
      await engine.step(batchRows(base.data.nTrain, base.batchSize, seed, step, seg.order));
      tick();
    }
    return { final: await engine.weights(), kept };
  } finally {
    engine.destroy();
  }
}

/** Loss and accuracy of weights W on a split, float64. */
export function evaluateWeights(spec: MlpSpec, data: Dataset, W: Float64Array[], split: 'train' | 'test'): LossValue {
  const x = split === 'train' ? data.xTrain : data.xTest;
  const y = split === 'train' ? data.yTrain : data.yTest;
  const rows = split === 'train' ? data.nTrain : data.nTest;
  if (rows === 0) return { loss: NaN, acc: null };
  return evaluateLoss(data.loss, outputs(forward(spec, W, x, rows)), y, rows, data.outputDim);
}
