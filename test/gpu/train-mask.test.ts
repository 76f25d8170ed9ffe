import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { resolveTrainActivation } from '../../src/train/activation.js';
import { CpuEngine } from '../../src/train/cpu-engine.js';
import type { EngineSetup } from '../../src/train/engine.js';
import { GpuEngine } from '../../src/train/gpu-engine.js';
import { magnitudeMask, randomMaskLike } from '../../src/train/masks.js';
import { initWeights, type MlpSpec } from '../../src/train/model.js';
import { labelsTask } from '../../src/train/tasks.js';

afterAll(releaseDevice);

describe('masked training on WebGPU (mask.wgsl) vs the float64 CPU twin', () => {
  it('pruned weights stay exactly 0 and kept ones follow the twin (AdamW and SGD, minibatches)', async () => {
    const data = labelsTask({ d: 10, classes: 3, nTrain: 48, nTest: 16, shuffled: false }, 2);
    const spec: MlpSpec = { sizes: [10, 20, 17, 3], activation: resolveTrainActivation('relu'), parameterization: 'standard' };
    const init = initWeights(spec, 3);
    const masks = randomMaskLike(magnitudeMask(init, 0.3), 1);
    const batches = [Int32Array.of(0, 5, 9, 11, 20, 33, 40, 47), Int32Array.of(1, 2, 3, 4, 6, 7, 8, 10), Int32Array.of(12, 13, 14, 15, 16, 17, 18, 19)];
    for (const name of ['adamw', 'sgd'] as const) {
      const s: EngineSetup = {
        spec, data, frozen: [false, false, false], init, batchSize: 8, masks,
        optimizer: { name, lr: name === 'sgd' ? 0.2 : 0.01, momentum: 0.5, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05 },
      };
      const gpu = await GpuEngine.create(await getGpu(), s);
      const cpu = new CpuEngine(s);
      for (const b of batches) {
        await gpu.step(b);
        await cpu.step(b);
      }
      const wg = await gpu.weights();
      const wc = await cpu.weights();
      gpu.destroy();
      let err = 0, change = 0, zeros = 0;
      for (let l = 0; l < 3; l++)
        for (let i = 0; i < wc[l].length; i++) {
          if (masks[l] && masks[l]![i] === 0) {
            expect(wg[l][i] === 0).toBe(true);
            zeros++;
          }
          err = Math.max(err, Math.abs(wg[l][i] - wc[l][i]));
          change = Math.max(change, Math.abs(wc[l][i] - init[l][i] * (masks[l] ? masks[l]![i] : 1)));
        }
      expect(zeros).toBe(200 + 340 - Math.round(0.3 * 540));
      expect(change).toBeGreaterThan(1e-3);
      expect(err).toBeLessThan(2e-3 * change + 1e-5);
    }
  });
});

describe('loss-surface experiments on WebGPU', () => {
  it('--preset lottery with --sv-prune gives the CPU twin’s numbers', async () => {
    const { train } = await import('../../src/train/loop.js');
    const o = { preset: 'lottery' as const, d: 8, width: 12, nTrain: 32, nTest: 16, batchSize: 8, steps: 20, every: 10, rewind: 2, keep: 30, monitors: false, svPrune: true };
    const g = await train({ ...o, backend: 'webgpu' });
    const c = await train({ ...o, backend: 'cpu' });
    expect(g.backend).toBe('webgpu');
    const lg = g.lottery!, lc = c.lottery!;
    for (const k of ['magnitude', 'random'] as const) {
      expect(lg[k].density).toBe(lc[k].density);
      expect(lg[k].testLoss!).toBeCloseTo(lc[k].testLoss!, 4);
      expect(lg[k].svAgreement).toBeCloseTo(lc[k].svAgreement, 3);
    }
    expect(lg.dense.testLoss!).toBeCloseTo(lc.dense.testLoss!, 4);
    for (const k of ['fullLoss', 'topLoss', 'bottomLoss'] as const) expect(g.svPrune![k]).toBeCloseTo(c.svPrune![k], 4);
  });
});
