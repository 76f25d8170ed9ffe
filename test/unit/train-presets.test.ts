import { describe, expect, it } from 'vitest';
import { train } from '../../src/train/loop.js';

// The teacher presets at a third of the CLI scale (n : d : N = 1.5 : 1 : 2 kept), CPU twin.
const small = { d: 100, width: 150, nTrain: 200, nTest: 200, kernelSamples: 100, backend: 'cpu' as const };

describe('training presets reproduce the papers’ phenomena (small scale, fixed seeds)', () => {
  it('invariant-bulk: small-step GD leaves the bulk of W and CK where it started, no outlier', async () => {
    const r = await train({ preset: 'invariant-bulk', ...small });
    expect(r.outcome.status).toBe('completed');
    const first = r.checkpoints[0];
    const last = r.checkpoints[r.checkpoints.length - 1];
    expect(last.step).toBe(100);
    const W0 = first.layers[0];
    const W1 = last.layers[0];
    expect(W1.outliers).toHaveLength(0);
    expect(W1.bulkKs!).toBeLessThan(0.1);
    // The largest singular value barely moves (MP fluctuation scale), the loss does go down.
    expect(Math.abs(W1.singularValues[0] - W0.singularValues[0]) / W0.singularValues[0]).toBeLessThan(0.01);
    expect(last.ck!.ksFromInit).toBeLessThan(0.1);
    expect(last.ck!.outliers).toHaveLength(0);
    expect(last.testLoss!).toBeLessThan(first.testLoss!);
    expect(last.teacherOverlap!).toBeLessThan(0.1);
  });

  it('spike: one large GD step pulls an outlier out of the bulk, aligned with β', async () => {
    const r = await train({ preset: 'spike', ...small });
    const [first, last] = [r.checkpoints[0], r.checkpoints[r.checkpoints.length - 1]];
    expect(first.layers[0].outliers).toHaveLength(0);
    expect(last.layers[0].outliers.length).toBeGreaterThanOrEqual(1);
    // Exactly one eigenvalue leaves: the second stays inside the fitted MP edge.
    expect(last.layers[0].outliers.length).toBeLessThanOrEqual(2);
    expect(last.layers[0].outliers[0]).toBeGreaterThan(1.3 * last.layers[0].mpEdge!);
    // At initialisation |⟨v1, β⟩| ~ 1/√d; after the step it is an order of magnitude larger.
    expect(first.teacherOverlap!).toBeLessThan(0.15);
    expect(last.teacherOverlap!).toBeGreaterThan(0.3);
    expect(last.teacherOverlap!).toBeGreaterThan(4 * first.teacherOverlap!);
  });

  it('heavy-tail: Adam grows a power-law tail in the ESD while the test error falls', async () => {
    const r = await train({ preset: 'heavy-tail', ...small, ck: false, ntk: false });
    const [first, last] = [r.checkpoints[0], r.checkpoints[r.checkpoints.length - 1]];
    expect(last.layers[0].alpha!).toBeLessThan(first.layers[0].alpha! - 0.5);
    expect(last.layers[0].tailCount!).toBeGreaterThan(first.layers[0].tailCount!);
    expect(last.testLoss!).toBeLessThan(0.9 * first.testLoss!);
  });
});
