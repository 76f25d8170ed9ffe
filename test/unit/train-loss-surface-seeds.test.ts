// The loss-surface phenomena at the presets' defaults, on every seed 0–4 (float64 twin).
import { describe, expect, it } from 'vitest';
import { train } from '../../src/train/loop.js';

const SEEDS = [0, 1, 2, 3, 4];

describe.each(SEEDS)('loss-surface presets at their defaults, seed %i', (seed) => {
  it('lmc: control barrier far above the late split with lower agreement; barrier and agreement ordered oppositely', async () => {
    const r = await train({ preset: 'lmc', seed, backend: 'cpu', monitors: false });
    const lmc = r.lmc!;
    expect(r.outcome.status).toBe('completed');
    expect(lmc.splits.map((s) => s.step)).toEqual([0, 20, 50, 100, 300]);
    expect(lmc.perturbation.map((p) => p.eta)).toEqual([0, 0.1, 0.25, 0.5, 1, 2.5]);
    const late = lmc.splits[lmc.splits.length - 1];
    expect(lmc.control.barrier).toBeGreaterThan(0.3);
    expect(lmc.control.barrier).toBeGreaterThan(late.barrier + 0.3);
    expect(late.svAgreement).toBeGreaterThan(0.9);
    expect(lmc.control.svAgreement).toBeLessThan(0.2);
    expect(lmc.spearman).toBeLessThanOrEqual(-0.7);
    // η = 0 is the late split itself; noise raises the barrier and lowers the agreement.
    expect(lmc.perturbation[0].barrier).toBeCloseTo(late.barrier, 12);
    const big = lmc.perturbation[lmc.perturbation.length - 1];
    expect(big.barrier).toBeGreaterThan(late.barrier + 0.02);
    expect(big.svAgreement).toBeLessThan(late.svAgreement - 0.5);
  }, 180_000);

  it('lottery with --sv-prune: the magnitude mask beats the random one in test accuracy and agreement; top half keeps the loss', async () => {
    const r = await train({ preset: 'lottery', seed, backend: 'cpu', monitors: false, svPrune: true });
    const lt = r.lottery!;
    expect(lt).toMatchObject({ keep: 5, rewindStep: 20 });
    expect(lt.magnitude.density).toBeCloseTo(0.05, 3);
    expect(lt.random.density).toBe(lt.magnitude.density);
    expect(lt.magnitude.testAcc!).toBeGreaterThan(lt.random.testAcc!);
    expect(lt.magnitude.svAgreement).toBeGreaterThan(lt.random.svAgreement + 0.05);
    const sp = r.svPrune!;
    // "Close" and "far" relative to the gap between the full network and the bottom half.
    expect(sp.topLoss - sp.fullLoss).toBeLessThan(0.1 * (sp.bottomLoss - sp.fullLoss));
    expect(sp.bottomLoss).toBeGreaterThan(10 * sp.fullLoss);
  }, 60_000);
});
