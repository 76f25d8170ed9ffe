import { describe, expect, it } from 'vitest';
import { train } from '../../src/train/loop.js';

// The teacher presets at their CLI defaults (d = 256, n = 384, N = 512), CPU twin, seeds 0-4.
// Monitors the claim does not read are switched off: they observe, they do not change training.
const SEEDS = [0, 1, 2, 3, 4];
// Seconds of CPU each; the limit leaves room for a machine shared with other jobs.
const LIMIT = 180_000;
const ends = <T>(a: T[]) => [a[0], a[a.length - 1]] as const;

describe('teacher presets show their papers’ phenomena at the CLI defaults', () => {
  it.each(SEEDS)('invariant-bulk, seed %i: small-step GD leaves the bulk of W and the CK where they started, no outlier', async (seed) => {
    const r = await train({ preset: 'invariant-bulk', seed, backend: 'cpu', ntk: false });
    expect(r.outcome.status).toBe('completed');
    const [first, last] = ends(r.checkpoints);
    expect(last.step).toBe(100);
    const [W0, W1] = [first.layers[0], last.layers[0]];
    expect(W1.outliers).toHaveLength(0);
    expect(W1.bulkKs!).toBeLessThan(0.1);
    expect(Math.abs(W1.singularValues[0] - W0.singularValues[0]) / W0.singularValues[0]).toBeLessThan(0.01);
    expect(last.ck!.ksFromInit).toBeLessThan(0.1);
    expect(last.ck!.outliers).toHaveLength(0);
    // It does learn: the test loss falls, along directions that leave the spectrum alone.
    expect(last.testLoss!).toBeLessThan(0.97 * first.testLoss!);
  }, LIMIT);

  it.each(SEEDS)('spike, seed %i: one large GD step pulls an outlier out of the bulk, aligned with β', async (seed) => {
    const r = await train({ preset: 'spike', seed, backend: 'cpu', ck: false, ntk: false });
    const [first, last] = ends(r.checkpoints);
    expect(first.layers[0].outliers).toHaveLength(0);
    const L = last.layers[0];
    expect(L.outliers.length).toBeGreaterThanOrEqual(1);
    expect(L.outliers.length).toBeLessThanOrEqual(2);
    expect(L.outliers[0]).toBeGreaterThan(1.3 * L.mpEdge!);
    // At initialisation |⟨v1, β⟩| ~ 1/√d; the step raises it by at least 0.3.
    expect(first.teacherOverlap!).toBeLessThan(0.15);
    expect(last.teacherOverlap! - first.teacherOverlap!).toBeGreaterThanOrEqual(0.3);
  }, LIMIT);

  it.each(SEEDS)('heavy-tail, seed %i: large-lr Adam turns the MP bulk of W into a power-law tail', async (seed) => {
    const r = await train({ preset: 'heavy-tail', seed, backend: 'cpu', ck: false, ntk: false });
    expect(r.outcome.status).toBe('completed');
    const [first, last] = ends(r.checkpoints);
    const [W0, W1] = [first.layers[0], last.layers[0]];
    expect(W0.outliers).toHaveLength(0);
    expect(W1.alpha!).toBeLessThanOrEqual(W0.alpha! - 1);
    expect(W1.tailCount!).toBeGreaterThanOrEqual(10);
    // Not one spike: a tenth of the eigenvalues and more leave the initial MP edge.
    expect(W1.outliers.length).toBeGreaterThanOrEqual(26);
    expect(W1.singularValues[0] / W0.singularValues[0]).toBeGreaterThan(2);
  }, LIMIT);
});
