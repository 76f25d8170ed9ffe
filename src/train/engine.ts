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
  /**
   * masks[l] (0/1, the shape of W_l) keeps a sparse subnetwork: the initial weights and every
   * gradient are multiplied by it, so pruned weights stay exactly zero under every optimizer
   * (their moments stay zero; decay keeps zero at zero). Absent or null: the layer is dense.
   */
  masks?: (Float64Array | null)[];
}

/** The initial weights with the masks applied. */
export function maskedInit(s: EngineSetup): Float64Array[] {
  return s.init.map((w, l) => {
    const m = s.masks?.[l];
    return m ? w.map((x, i) => x * m[i]) : w.slice();
  });
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
