import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { resolveTrainActivation } from '../../src/train/activation.js';
import { CpuEngine } from '../../src/train/cpu-engine.js';
import type { EngineSetup } from '../../src/train/engine.js';
import { GpuEngine } from '../../src/train/gpu-engine.js';
import { initWeights, type MlpSpec } from '../../src/train/model.js';
import type { OptimizerName } from '../../src/train/optimizer.js';
import { labelsTask, teacherTask, type Dataset } from '../../src/train/tasks.js';

afterAll(releaseDevice);

function setup(data: Dataset, hidden: number[], act: string, opt: OptimizerName, lr: number, frozen: boolean[], batchSize: number, param: 'ntk' | 'standard'): EngineSetup {
  const spec: MlpSpec = { sizes: [data.inputDim, ...hidden, data.outputDim], activation: resolveTrainActivation(act), parameterization: param };
  return {
    spec,
    data,
    frozen,
    init: initWeights(spec, 7),
    batchSize,
    optimizer: { name: opt, lr, momentum: opt === 'sgd' ? 0.9 : 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: opt === 'adamw' ? 0.1 : 0.01 },
  };
}

/** Max |gpu - cpu| over all weights, relative to the largest |cpu| weight change. */
async function compare(s: EngineSetup, steps: number, batches: (Int32Array | null)[]) {
  const gpu = await GpuEngine.create(await getGpu(), s);
  const cpu = new CpuEngine(s);
  for (let t = 0; t < steps; t++) {
    await gpu.step(batches[t] ?? null);
    await cpu.step(batches[t] ?? null);
  }
  const wg = await gpu.weights();
  const wc = await cpu.weights();
  let err = 0;
  let change = 0;
  for (let l = 0; l < wc.length; l++)
    for (let i = 0; i < wc[l].length; i++) {
      err = Math.max(err, Math.abs(wg[l][i] - wc[l][i]));
      change = Math.max(change, Math.abs(wc[l][i] - s.init[l][i]));
    }
  const pg = await gpu.predict('test');
  const pc = await cpu.predict('test');
  let perr = 0;
  let pscale = 0;
  for (let i = 0; i < pc.length; i++) {
    perr = Math.max(perr, Math.abs(pg[i] - pc[i]));
    pscale = Math.max(pscale, Math.abs(pc[i]));
  }
  gpu.destroy();
  return { err, change, perr, pscale };
}

describe('training step on WebGPU vs the float64 CPU twin', () => {
  it('full-batch GD on the teacher task (first layer only, NTK parameterisation, tanh)', async () => {
    const data = teacherTask({ d: 24, nTrain: 40, nTest: 16, noise: 0.1, target: 'softplus' }, 3);
    const s = setup(data, [36], 'tanh', 'gd', 2, [false, true], 40, 'ntk');
    const r = await compare(s, 1, []);
    expect(r.change).toBeGreaterThan(1e-3);
    // f32 arithmetic on O(1) weights: the step agrees to ~1e-6 absolute; 1e-4 of the change.
    expect(r.err).toBeLessThan(1e-4 * Math.max(1, r.change));
    expect(r.perr).toBeLessThan(1e-4 * Math.max(1, r.pscale));
  });

  it('a step spanning several partial 64×64 tiles (d = 70, n = 130, N = 100, all layers)', async () => {
    const data = teacherTask({ d: 70, nTrain: 100, nTest: 30, noise: 0.1, target: 'tanh' }, 4);
    const s = setup(data, [130], 'relu', 'gd', 0.5, [false, false], 100, 'ntk');
    const r = await compare(s, 2, []);
    expect(r.change).toBeGreaterThan(1e-3);
    expect(r.err).toBeLessThan(1e-4 * Math.max(1, r.change));
    expect(r.perr).toBeLessThan(1e-4 * Math.max(1, r.pscale));
  });

  it('three Adam/AdamW/SGD minibatch steps on a 2-hidden-layer classifier (cross-entropy)', async () => {
    const data = labelsTask({ d: 10, classes: 3, nTrain: 48, nTest: 20, shuffled: false }, 5);
    const batches = [Int32Array.of(0, 5, 9, 11, 20, 33, 40, 47), Int32Array.of(1, 2, 3, 4, 6, 7, 8, 10), Int32Array.of(12, 13, 14, 15, 16, 17, 18, 19)];
    for (const opt of ['adam', 'adamw', 'sgd'] as const) {
      const s = setup(data, [20, 17], 'gelu', opt, 0.01, [false, false, false], 8, 'standard');
      const r = await compare(s, 3, batches);
      expect(r.change).toBeGreaterThan(1e-3);
      // Adam divides by √v: where a gradient is tiny, f32 noise is amplified; 2e-3 of the step.
      expect(r.err).toBeLessThan(2e-3 * r.change + 1e-5);
      expect(r.perr).toBeLessThan(1e-3 * Math.max(1, r.pscale));
    }
  });
});
