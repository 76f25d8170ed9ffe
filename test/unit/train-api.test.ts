import { describe, expect, it } from 'vitest';
import { NnspectraError } from '../../src/errors.js';
import { resolveConfig } from '../../src/train/config.js';
import { train, Trainer } from '../../src/train/loop.js';

const tiny = { d: 12, width: 16, nTrain: 24, nTest: 8, kernelSamples: 12, backend: 'cpu' as const };

function errorOf(f: () => unknown): NnspectraError {
  try {
    f();
  } catch (e) {
    if (e instanceof NnspectraError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('training API', () => {
  it('rejects bad input with one clear line naming the parameter', () => {
    const cases: [object, string, RegExp][] = [
      [{ lr: 0 }, 'lr', /^lr must be a finite number in \(0, inf\) \(got 0\)$/],
      [{ lr: -1 }, 'lr', /lr must be/],
      [{ task: 'modadd', p: 1 }, 'p', /^p must be an integer in \[2, 1000\] \(got 1\)$/],
      [{ task: 'modadd', trainFraction: 1 }, 'train-fraction', /train-fraction must be a finite number in \(0, 1\) \(got 1\)/],
      [{ task: 'modadd', trainFraction: 0 }, 'train-fraction', /\(got 0\)/],
      [{ width: 0 }, 'width', /width must be an integer/],
      [{ d: 2.5 }, 'd', /d must be an integer/],
      [{ task: 'mnist' }, 'task', /task must be one of teacher, modadd, labels/],
      [{ preset: 'grokking', task: 'teacher' }, 'task', /task must be modadd for preset grokking/],
      [{ optimizer: 'lbfgs' }, 'optimizer', /optimizer must be one of gd, sgd, adam, adamw/],
      [{ optimizer: 'sgd', batchSize: 10_000 }, 'batch-size', /batch-size must be an integer in \[0, 512\]/],
      [{ frozen: [true, true] }, 'frozen', /at least one layer trainable/],
      [{ frozen: [false] }, 'frozen', /an array of 2 booleans/],
      [{ activation: 'nope(' }, 'activation', /activation/],
      [{ backend: 'cuda' }, 'backend', /backend must be one of webgpu, cpu, auto/],
      [{ monitorBackend: 'cuda' as never }, 'monitor-backend', /^monitor-backend must be one of webgpu, cpu, auto \(got "cuda"\)$/],
      [{ widths: [8, 0] }, 'widths', /widths must be an integer in \[1, 65536\] \(got 0\)/],
      [{ widths: [] }, 'widths', /a list of 1 to 16 hidden widths/],
      [{ initScale: 0 }, 'init-scale', /init-scale must be a finite number in \(0, 1000000\]/],
      [{ size: 'huge' as never }, 'size', /size must be one of default, paper/],
      [{ size: 'paper' }, 'size', /'paper' only with a preset among invariant-bulk, spike, heavy-tail, grokking/],
      [{ preset: 'random-labels', size: 'paper' }, 'size', /'paper' only with a preset/],
    ];
    for (const [o, param, msg] of cases) {
      const e = errorOf(() => resolveConfig(o));
      expect(e.code).toBe('INVALID_PARAMETER');
      expect(e.param).toBe(param);
      expect(e.message).toMatch(msg);
    }
  });

  it('streams checkpoints at 0, every k steps and the last step', async () => {
    const t = await Trainer.create({ ...tiny, steps: 7, every: 3, lr: 0.5 });
    const steps: number[] = [];
    const it = t.checkpoints();
    let r = await it.next();
    while (!r.done) {
      steps.push(r.value.step);
      r = await it.next();
    }
    expect(steps).toEqual([0, 3, 6, 7]);
    expect(r.value.status).toBe('completed');
    expect(t.outcome?.steps).toBe(7);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const o = { ...tiny, task: 'labels' as const, optimizer: 'sgd' as const, momentum: 0.9, batchSize: 8, lr: 0.05, steps: 6, every: 3 };
    const a = await train(o);
    const b = await train(o);
    const c = await train({ ...o, seed: 1 });
    expect(a.checkpoints).toEqual(b.checkpoints);
    expect(a.checkpoints[2].trainLoss).not.toBe(c.checkpoints[2].trainLoss);
    // Minibatch SGD with momentum does learn.
    expect(a.checkpoints[2].trainLoss).toBeLessThan(a.checkpoints[0].trainLoss);
  });

  it('reports progress through onProgress, in order, up to the last step', async () => {
    const seen: number[] = [];
    await train({ ...tiny, steps: 9, every: 4, ck: false, ntk: false }, { onProgress: (e) => { expect(e.total).toBe(9); seen.push(e.done); } });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('honours an AbortSignal between steps', async () => {
    const ac = new AbortController();
    const t = await Trainer.create({ ...tiny, steps: 1000, every: 1 });
    const it = t.checkpoints({ signal: ac.signal });
    await it.next();
    ac.abort();
    await expect(it.next()).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('stops a diverging run, reports the step and keeps the last finite state', async () => {
    const r = await train({ ...tiny, activation: 'relu', frozen: [false, false], lr: 1e6, steps: 50, every: 5 });
    expect(r.outcome.status).toBe('diverged');
    expect(r.outcome.divergedAt).toBeGreaterThan(0);
    expect(r.outcome.divergedAt).toBeLessThanOrEqual(50);
    expect(r.outcome.lastFiniteStep).toBe(r.checkpoints[r.checkpoints.length - 1].step);
    expect(r.outcome.message).toMatch(/diverged.*at step \d+/);
    for (const c of r.checkpoints) expect(Number.isFinite(c.trainLoss)).toBe(true);
  });

  it('trains MLPs with per-layer widths', async () => {
    const r = await train({ ...tiny, task: 'labels', widths: [10, 7, 5], optimizer: 'adam', lr: 0.01, steps: 3, every: 3, ck: true, ntk: true });
    expect(r.config.depth).toBe(3);
    expect(r.checkpoints[1].layers.map((l) => l.shape)).toEqual([[10, 12], [7, 10], [5, 7], [4, 5]]);
    expect(r.checkpoints[1].trainLoss).toBeLessThan(r.checkpoints[0].trainLoss);
  });

  it('reports the numbers the issue asks for at every checkpoint', async () => {
    const r = await train({ ...tiny, depth: 2, frozen: [false, false, false], steps: 2, every: 1, topK: 3 });
    const c = r.checkpoints[1];
    expect(c.layers.map((l) => l.name)).toEqual(['W1', 'W2', 'W3']);
    const l = c.layers[0];
    expect(l.singularValues).toHaveLength(12);
    expect(l.singularValues[0]).toBeGreaterThanOrEqual(l.singularValues[11]);
    // Ranks from the singular values by their definitions.
    const s = l.singularValues;
    expect(l.stableRank).toBeCloseTo(s.reduce((a, x) => a + x * x, 0) / s[0] ** 2, 10);
    expect(l.mpEdge).not.toBeNull();
    expect(c.layers[0].alignmentNext).toBeGreaterThanOrEqual(0);
    expect(c.layers[2].alignmentNext).toBeNull();
    expect(r.checkpoints[2].layers[0].agreementWithFinal).toBeCloseTo(1, 10);
    expect(c.ck!.size).toBe(12);
    expect(c.ntk!.eigenvalues).toHaveLength(12);
    // The NTK is a Gram matrix: positive semi-definite up to rounding.
    expect(Math.min(...c.ntk!.eigenvalues)).toBeGreaterThan(-1e-9 * c.ntk!.eigenvalues[0]);
    expect(c.teacherOverlap).toBeGreaterThanOrEqual(0);
    expect(c.teacherOverlap).toBeLessThanOrEqual(1);
  });
});
