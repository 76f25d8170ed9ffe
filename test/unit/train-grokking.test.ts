import { describe, expect, it } from 'vitest';
import { train, type TrainResult } from '../../src/train/loop.js';
import type { Checkpoint } from '../../src/train/monitor.js';

const firstStep = (r: TrainResult, pred: (c: Checkpoint) => boolean) => r.checkpoints.find(pred)?.step ?? Infinity;

describe('grokking and memorisation presets (CPU twin, fixed seeds)', () => {
  it('grokking: with AdamW weight decay test accuracy jumps long after train accuracy and W1 loses effective rank; without, no jump', async () => {
    const opts = { preset: 'grokking' as const, steps: 500, every: 50, backend: 'cpu' as const, ck: false, ntk: false };
    const wd = await train(opts);
    const none = await train({ ...opts, weightDecay: 0 });
    const trainFit = firstStep(wd, (c) => c.trainAcc! >= 0.99);
    const testJump = firstStep(wd, (c) => c.testAcc! >= 0.5);
    expect(trainFit).toBeLessThanOrEqual(100);
    // Memorised first: when training accuracy is perfect the test accuracy is below chance-ish.
    expect(wd.checkpoints.find((c) => c.step === trainFit)!.testAcc!).toBeLessThan(0.1);
    expect(testJump).toBeGreaterThanOrEqual(3 * trainFit);
    expect(testJump).toBeLessThanOrEqual(500);
    const last = wd.checkpoints[wd.checkpoints.length - 1];
    expect(last.testAcc!).toBeGreaterThan(0.6);
    // Effective rank of W1 falls between memorisation and generalisation, more than without decay.
    const erAt = (r: TrainResult, step: number) => r.checkpoints.find((c) => c.step === step)!.layers[0].effectiveRank;
    const dropWd = erAt(wd, trainFit) - erAt(wd, 500);
    const dropNone = erAt(none, trainFit) - erAt(none, 500);
    expect(dropWd).toBeGreaterThan(0.5);
    expect(dropWd).toBeGreaterThan(dropNone + 0.5);
    // Without weight decay: the same budget memorises and never generalises.
    expect(none.checkpoints.every((c) => c.testAcc! < 0.1)).toBe(true);
    expect(none.checkpoints[none.checkpoints.length - 1].trainAcc!).toBe(1);
  });

  it('random-labels: the same MLP on shuffled labels memorises and keeps a higher rank than on true labels', async () => {
    const opts = { preset: 'random-labels' as const, steps: 200, every: 100, backend: 'cpu' as const, ck: false, ntk: false };
    const shuffled = await train(opts);
    const truth = await train({ ...opts, shuffled: false });
    const [s, t] = [shuffled.checkpoints[2], truth.checkpoints[2]];
    expect(s.trainAcc!).toBeGreaterThan(0.95);
    expect(t.trainAcc!).toBeGreaterThan(0.95);
    expect(t.testAcc!).toBeGreaterThan(0.6);
    expect(s.testAcc!).toBeLessThan(0.4);
    expect(s.layers[0].effectiveRank).toBeGreaterThan(t.layers[0].effectiveRank + 0.3);
    expect(s.layers[0].stableRank).toBeGreaterThan(1.3 * t.layers[0].stableRank);
  });
});
