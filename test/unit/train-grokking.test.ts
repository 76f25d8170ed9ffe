import { describe, expect, it } from 'vitest';
import { train, type TrainResult } from '../../src/train/loop.js';
import type { Checkpoint } from '../../src/train/monitor.js';

// Both presets at their CLI defaults, CPU twin, seeds 0-4 (kernel monitors off: the claims
// are about accuracies and the weights' ranks).
const SEEDS = [0, 1, 2, 3, 4];
const firstStep = (r: TrainResult, pred: (c: Checkpoint) => boolean) => r.checkpoints.find(pred)?.step ?? Infinity;
const quiet = { backend: 'cpu' as const, ck: false, ntk: false };
// About 20 s (grokking, two runs) and 3 s (random-labels, two runs) of CPU per seed; the limit
// leaves room for a machine shared with other jobs.
const LIMIT = 300_000;

describe('grokking preset at the CLI defaults', () => {
  it.each(SEEDS)('seed %i: memorises, generalises abruptly and much later, stays generalised, W1 loses effective rank; without weight decay it never generalises', async (seed) => {
    const wd = await train({ preset: 'grokking', seed, ...quiet });
    expect(wd.outcome.status).toBe('completed');
    const tMem = firstStep(wd, (c) => c.trainAcc! >= 0.99);
    const mem = wd.checkpoints.find((c) => c.step === tMem)!;
    expect(mem.testAcc!).toBeLessThan(0.3);
    const t30 = firstStep(wd, (c) => c.testAcc! >= 0.3);
    const t90 = firstStep(wd, (c) => c.testAcc! >= 0.9);
    const t95 = firstStep(wd, (c) => c.testAcc! >= 0.95);
    // The memorisation plateau is several times longer than the time it took to memorise,
    // and the rise from 0.3 to 0.9 test accuracy is shorter than that plateau.
    expect(t30 - tMem).toBeGreaterThanOrEqual(4 * tMem);
    expect(t90).toBeLessThan(wd.config.steps);
    expect(t90 - t30).toBeLessThan(t30 - tMem);
    expect(t95).toBeLessThan(wd.config.steps);
    const last = wd.checkpoints[wd.checkpoints.length - 1];
    expect(last.step).toBe(wd.config.steps);
    expect(last.trainAcc!).toBe(1);
    expect(last.testAcc!).toBeGreaterThanOrEqual(0.95);
    expect(last.layers[0].effectiveRank).toBeLessThanOrEqual(0.7 * mem.layers[0].effectiveRank);

    const none = await train({ preset: 'grokking', seed, weightDecay: 0, ...quiet, monitors: false });
    expect(none.checkpoints[none.checkpoints.length - 1].trainAcc!).toBe(1);
    expect(Math.max(...none.checkpoints.map((c) => c.testAcc!))).toBeLessThan(0.3);
  }, LIMIT);
});

describe('random-labels preset at the CLI defaults', () => {
  it.each(SEEDS)('seed %i: trains true and shuffled labels; both memorise, only true labels generalise, shuffled W1 has the higher ranks', async (seed) => {
    const r = await train({ preset: 'random-labels', seed, ...quiet });
    const cmp = r.labelComparison!;
    expect(cmp.true.shuffled).toBe(false);
    expect(cmp.shuffled.shuffled).toBe(true);
    // The main result is the shuffled run, as the preset configures it.
    expect(r.config.shuffled).toBe(true);
    expect(cmp.shuffled.testAcc).toBe(r.checkpoints[r.checkpoints.length - 1].testAcc);
    expect(cmp.true.trainAcc!).toBeGreaterThan(0.95);
    expect(cmp.shuffled.trainAcc!).toBeGreaterThan(0.95);
    expect(cmp.true.testAcc!).toBeGreaterThan(0.6);
    expect(cmp.shuffled.testAcc!).toBeLessThan(0.45);
    const [t, s] = [cmp.true.layers[0], cmp.shuffled.layers[0]];
    expect(s.stableRank).toBeGreaterThan(1.3 * t.stableRank);
    expect(s.effectiveRank).toBeGreaterThan(t.effectiveRank);
  }, LIMIT);
});
