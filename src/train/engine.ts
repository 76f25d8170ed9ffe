/** What a training backend offers the loop: steps, weights, predictions. */
import type { ResolvedBackend } from '../backend.js';
import type { MlpSpec } from './model.js';
import type { OptimizerConfig } from './optimizer.js';
import type { Dataset } from './tasks.js';

export interface EngineSetup {
  spec: MlpSpec;
  data: Dataset;
  optimizer: OptimizerConfig;
  /** frozen[l]: layer l is never updated. */
  frozen: boolean[];
  /** Initial weights (float64; the GPU rounds them to f32). */
  init: Float64Array[];
  /** Rows per step (= nTrain for full-batch GD). */
  batchSize: number;
}

export interface TrainEngine {
  readonly backend: ResolvedBackend;
  /**
   * One optimizer step on the given training rows (null: the whole training set). Returns the
   * batch loss when it is known without extra work (CPU), else null.
   */
  step(batch: Int32Array | null): Promise<number | null>;
  /** Copies of the current weights, float64. */
  weights(): Promise<Float64Array[]>;
  /** Network outputs on a split (rows × outputDim). */
  predict(split: 'train' | 'test'): Promise<Float64Array>;
  destroy(): void;
}

/** Rows `idx` of a row-major matrix with `cols` columns. */
export function gatherRows(src: Float64Array, cols: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * cols);
  for (let r = 0; r < idx.length; r++) out.set(src.subarray(idx[r] * cols, (idx[r] + 1) * cols), r * cols);
  return out;
}
