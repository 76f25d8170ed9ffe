/** The float64 CPU twin of the training step: the reference for the WGSL kernels. */
import { backward, forward, outputs } from './model.js';
import { evaluateLoss, lossGradient } from './loss.js';
import { newState, optimizerStep, type OptimizerState } from './optimizer.js';
import { gatherRows, maskedInit, type EngineSetup, type TrainEngine } from './engine.js';

export class CpuEngine implements TrainEngine {
  readonly backend = 'cpu' as const;
  private W: Float64Array[];
  private state: OptimizerState[];
  private t = 0;

  constructor(private readonly s: EngineSetup) {
    this.W = maskedInit(s);
    this.state = this.W.map((w) => newState(w.length));
  }

  async step(batch: Int32Array | null): Promise<number | null> {
    const { spec, data } = this.s;
    const k = data.outputDim;
    const yCols = data.loss === 'mse' ? k : 1;
    const rows = batch ? batch.length : data.nTrain;
    const x = batch ? gatherRows(data.xTrain, data.inputDim, batch) : data.xTrain;
    const y = batch ? gatherRows(data.yTrain, yCols, batch) : data.yTrain;
    const cache = forward(spec, this.W, x, rows);
    const out = outputs(cache);
    const { loss } = evaluateLoss(data.loss, out, y, rows, k);
    const grads = backward(spec, this.W, cache, lossGradient(data.loss, out, y, rows, k), this.s.frozen);
    this.t++;
    for (let l = 0; l < grads.length; l++) {
      const g = grads[l];
      const mask = this.s.masks?.[l];
      if (g && mask) for (let i = 0; i < g.length; i++) g[i] *= mask[i];
      if (g) optimizerStep(this.s.optimizer, this.W[l], g, this.state[l], this.t);
    }
    return loss;
  }

  async weights(): Promise<Float64Array[]> {
    return this.W.map((w) => w.slice());
  }

  async predict(split: 'train' | 'test'): Promise<Float64Array> {
    const { data, spec } = this.s;
    const x = split === 'train' ? data.xTrain : data.xTest;
    const rows = split === 'train' ? data.nTrain : data.nTest;
    return outputs(forward(spec, this.W, x, rows));
  }

  destroy(): void {}
}
