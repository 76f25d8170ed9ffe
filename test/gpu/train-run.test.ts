import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { train } from '../../src/train/loop.js';

afterAll(releaseDevice);

const tiny = { d: 24, width: 36, nTrain: 48, nTest: 16, kernelSamples: 24 };

describe('training runs on WebGPU', () => {
  it('a GD teacher run matches the CPU twin checkpoint by checkpoint (losses, spectra, kernels)', async () => {
    const o = { ...tiny, lr: 2, steps: 10, every: 5 };
    const g = await train({ ...o, backend: 'webgpu', monitorBackend: 'webgpu' });
    const c = await train({ ...o, backend: 'cpu' });
    expect(g.backend).toBe('webgpu');
    expect(g.monitorBackend).toBe('webgpu');
    expect(g.adapter).toBeTruthy();
    expect(g.checkpoints.map((k) => k.step)).toEqual([0, 5, 10]);
    for (let i = 0; i < c.checkpoints.length; i++) {
      const [a, b] = [g.checkpoints[i], c.checkpoints[i]];
      expect(Math.abs(a.trainLoss - b.trainLoss)).toBeLessThan(1e-4 * b.trainLoss);
      expect(Math.abs(a.testLoss! - b.testLoss!)).toBeLessThan(1e-4 * b.testLoss!);
      // Singular values through the f32 GPU SVD: ~1e-3 relative of σ_max (linear algebra docs).
      const sa = a.layers[0].singularValues;
      const sb = b.layers[0].singularValues;
      for (let j = 0; j < sb.length; j++) expect(Math.abs(sa[j] - sb[j])).toBeLessThan(2e-3 * sb[0]);
      expect(Math.abs(a.ck!.eigenvalues[0] - b.ck!.eigenvalues[0])).toBeLessThan(2e-3 * b.ck!.eigenvalues[0]);
      expect(Math.abs(a.ntk!.eigenvalues[0] - b.ntk!.eigenvalues[0])).toBeLessThan(2e-3 * b.ntk!.eigenvalues[0]);
      expect(Math.abs(a.teacherOverlap! - b.teacherOverlap!)).toBeLessThan(1e-2);
    }
    // The loss went down on both.
    expect(g.checkpoints[2].trainLoss).toBeLessThan(g.checkpoints[0].trainLoss);
  });

  it('minibatch Adam on the labels task is deterministic on the GPU and learns', async () => {
    const o = { task: 'labels' as const, d: 8, width: 24, depth: 2, nTrain: 64, nTest: 32, classes: 3, optimizer: 'adam' as const, batchSize: 16, lr: 0.01, steps: 12, every: 6, backend: 'webgpu' as const, ck: false, ntk: false };
    const a = await train(o);
    const b = await train(o);
    // Spectra of a software adapter's run go to the float64 CPU solvers unless asked otherwise.
    expect(a.monitorBackend).toBe((await getGpu()).adapter.software ? 'cpu' : 'webgpu');
    expect(a.checkpoints.map((c) => c.trainLoss)).toEqual(b.checkpoints.map((c) => c.trainLoss));
    expect(a.checkpoints[2].trainLoss).toBeLessThan(a.checkpoints[0].trainLoss);
  });

  it('a diverging GPU run stops at the first checkpoint with a non-finite loss', async () => {
    const r = await train({ ...tiny, activation: 'relu', frozen: [false, false], lr: 1e7, steps: 40, every: 4, ck: false, ntk: false, backend: 'webgpu' });
    expect(r.outcome.status).toBe('diverged');
    expect(r.outcome.divergedAt! % 4).toBe(0);
    expect(r.outcome.lastFiniteStep).toBe(r.checkpoints[r.checkpoints.length - 1].step);
  });
});

describe('backend choice', () => {
  it("'auto' prefers the CPU twin over a software adapter and says so", async () => {
    const { adapter } = await getGpu();
    const r = await train({ ...tiny, steps: 1, every: 1, backend: 'auto' });
    expect(r.backend).toBe(adapter.software ? 'cpu' : 'webgpu');
    if (adapter.software) expect(r.fallback).toMatch(/software renderer/);
  });
});
