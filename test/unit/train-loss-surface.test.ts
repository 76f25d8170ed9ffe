import { describe, expect, it } from 'vitest';
import { svd } from '../../src/linalg/index.js';
import { fillNormals } from '../../src/rng/philox.js';
import { resolveTrainActivation } from '../../src/train/activation.js';
import { interpolateWeights, lossBarrier } from '../../src/train/barrier.js';
import { batchRows, evaluateWeights } from '../../src/train/branch.js';
import { resolveConfig } from '../../src/train/config.js';
import { CpuEngine } from '../../src/train/cpu-engine.js';
import { perturbWeights, spearman } from '../../src/train/lmc.js';
import { magnitudeMask, randomMaskLike } from '../../src/train/masks.js';
import { backward, forward, initWeights, outputs, type MlpSpec } from '../../src/train/model.js';
import { lossGradient } from '../../src/train/loss.js';
import { svdBand, svPrune } from '../../src/train/sv-prune.js';
import { weightAgreement } from '../../src/train/sv-agreement.js';
import { labelsTask } from '../../src/train/tasks.js';

const gauss = (rows: number, cols: number, seed: number, c2 = 0) => {
  const a = new Float64Array(rows * cols);
  fillNormals(a, rows, cols, seed, 99, c2, 0);
  return a;
};
const sq = (a: Float64Array) => a.reduce((s, x) => s + x * x, 0);

describe('loss barrier', () => {
  it('of two quadratic bowls L(w) = min(|w-a|², |w-b|²) is |a-b|²/4, at α = 1/2', () => {
    for (const seed of [0, 1, 2]) {
      const a = gauss(1, 7, seed, 0), b = gauss(1, 7, seed, 1);
      const L = (w: Float64Array) => {
        let da = 0, db = 0;
        for (let i = 0; i < 7; i++) (da += (w[i] - a[i]) ** 2), (db += (w[i] - b[i]) ** 2);
        return Math.min(da, db);
      };
      const r = lossBarrier((al) => L(interpolateWeights([a], [b], al)[0]), 11);
      let d2 = 0;
      for (let i = 0; i < 7; i++) d2 += (a[i] - b[i]) ** 2;
      expect(r.barrier).toBeCloseTo(d2 / 4, 12);
      expect(r.alphas[5]).toBe(0.5);
      expect(r.losses[0]).toBe(0);
      expect(r.losses[10]).toBe(0);
    }
  });

  it('of one convex bowl is 0, and of a tilted double well follows the closed form', () => {
    expect(lossBarrier((al) => (al - 0.3) ** 2).barrier).toBeCloseTo(0, 15);
    // Endpoints at different heights: L = min(D α² + c, D (1-α)²) on the line, chord (1-α)c.
    const D = 4, c = 0.5;
    const r = lossBarrier((al) => Math.min(D * al * al + c, D * (1 - al) ** 2));
    // Excess over the chord at α = 0.3, 0.4, 0.5: 0.86 - 0.35, 1.14 - 0.3, 1 - 0.25: the largest is 0.84.
    expect(r.barrier).toBeCloseTo(0.84, 12);
  });
});

describe('singular-vector agreement of weights', () => {
  const spec = (m: number, n: number): MlpSpec => ({ sizes: [n, m, 3], activation: resolveTrainActivation('relu'), parameterization: 'standard' });

  it('is 1 for copies with the same top-10 singular vectors (signs flipped, values changed, bottom rotated)', async () => {
    const m = 40, n = 24, r = 24;
    for (const seed of [0, 1, 2]) {
      const A = gauss(m, n, seed);
      const s = await svd(A, m, n, { backend: 'cpu', k: r });
      const u = s.u!, v = s.v!;
      const B = new Float64Array(m * n);
      // Top 10: σ' = 10..1 with alternating signs; the rest: a random mixing M of the bottom
      // singular vectors with ‖M‖ < 1, so that B's top-10 pairs are exactly A's.
      for (let j = 0; j < 10; j++) {
        const sg = (j % 2 ? -1 : 1) * (10 - j);
        for (let i = 0; i < m; i++) for (let c = 0; c < n; c++) B[i * n + c] += sg * u[i * r + j] * v[c * r + j];
      }
      const M = gauss(r - 10, r - 10, seed, 5).map((x) => x * 0.02);
      for (let p = 10; p < r; p++)
        for (let q = 10; q < r; q++) {
          const w = M[(p - 10) * (r - 10) + (q - 10)];
          for (let i = 0; i < m; i++) for (let c = 0; c < n; c++) B[i * n + c] += w * u[i * r + p] * v[c * r + q];
        }
      const W3 = gauss(3, m, seed, 9);
      const ag = await weightAgreement(spec(m, n), [A, W3], [B, W3]);
      expect(ag.layers).toHaveLength(1);
      expect(ag.mean).toBeCloseTo(1, 9);
    }
  });

  it('is small for independent random matrices (~1/√(mn) per pair)', async () => {
    const m = 128, n = 32;
    for (const seed of [0, 1, 2, 3, 4]) {
      const ag = await weightAgreement(spec(m, n), [gauss(m, n, seed, 0), gauss(3, m, seed, 9)], [gauss(m, n, seed, 1), gauss(3, m, seed, 9)]);
      expect(ag.mean).toBeLessThan(0.05);
    }
  });
});

describe('pruning masks', () => {
  const W = [gauss(30, 20, 0, 0), gauss(25, 30, 0, 1).map((x) => 3 * x), gauss(4, 25, 0, 2)];

  it('the magnitude mask keeps exactly round(p·N) of the masked layers, the largest |w|, last layer dense', () => {
    for (const keep of [0.05, 0.2, 0.5, 1]) {
      const m = magnitudeMask(W, keep);
      expect(m[2]).toBeNull();
      const N = 600 + 750;
      let kept = 0, minKept = Infinity, maxDropped = 0;
      for (let l = 0; l < 2; l++)
        for (let i = 0; i < W[l].length; i++) {
          expect(m[l]![i] === 0 || m[l]![i] === 1).toBe(true);
          if (m[l]![i]) (kept++, (minKept = Math.min(minKept, Math.abs(W[l][i]))));
          else maxDropped = Math.max(maxDropped, Math.abs(W[l][i]));
        }
      expect(kept).toBe(Math.round(keep * N));
      expect(minKept).toBeGreaterThanOrEqual(maxDropped);
    }
    // Global, not per layer: the 3× larger second layer takes more than its share.
    const m = magnitudeMask(W, 0.05);
    expect(m[1]!.reduce((s, x) => s + x, 0)).toBeGreaterThan(m[0]!.reduce((s, x) => s + x, 0));
  });

  it('the random mask has the same count in every layer, elsewhere', () => {
    const mag = magnitudeMask(W, 0.3);
    const rnd = randomMaskLike(mag, 3);
    expect(rnd[2]).toBeNull();
    for (let l = 0; l < 2; l++) {
      const cm = mag[l]!.reduce((s, x) => s + x, 0);
      expect(cm).toBeGreaterThan(20);
      expect(rnd[l]!.reduce((s, x) => s + x, 0)).toBe(cm);
      let both = 0;
      for (let i = 0; i < mag[l]!.length; i++) both += mag[l]![i] * rnd[l]![i];
      expect(both).toBeLessThan(cm / 2);
    }
    expect(randomMaskLike(mag, 3)).toEqual(rnd);
    expect(randomMaskLike(mag, 4)).not.toEqual(rnd);
  });

  it('masks the weights and every gradient: pruned weights stay 0, kept ones follow masked SGD', async () => {
    const data = labelsTask({ d: 10, classes: 3, nTrain: 40, nTest: 0, shuffled: false }, 1);
    const spec: MlpSpec = { sizes: [10, 16, 12, 3], activation: resolveTrainActivation('tanh'), parameterization: 'standard' };
    const init = initWeights(spec, 2);
    const masks = randomMaskLike(magnitudeMask(init, 0.3), 5);
    const opt = { name: 'sgd' as const, lr: 0.5, momentum: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };
    const e = new CpuEngine({ spec, data, frozen: [false, false, false], init, batchSize: 40, masks, optimizer: opt });
    // Reference: plain float64 forward/backward on the masked weights, gradient times mask.
    let ref = init.map((w, l) => w.map((x, i) => x * (masks[l] ? masks[l]![i] : 1)));
    for (let t = 0; t < 5; t++) {
      await e.step(null);
      const cache = forward(spec, ref, data.xTrain, 40);
      const g = backward(spec, ref, cache, lossGradient('cross-entropy', outputs(cache), data.yTrain, 40, 3));
      ref = ref.map((w, l) => w.map((x, i) => x - opt.lr * (g[l]![i] * (masks[l] ? masks[l]![i] : 1) + opt.weightDecay * x)));
    }
    const W = await e.weights();
    for (let l = 0; l < 3; l++)
      for (let i = 0; i < W[l].length; i++) {
        if (masks[l] && masks[l]![i] === 0) expect(W[l][i] === 0).toBe(true);
        expect(W[l][i]).toBeCloseTo(ref[l][i], 12);
      }
    // Adam with decoupled decay keeps pruned weights at exactly 0 as well.
    const a = new CpuEngine({ spec, data, frozen: [false, false, false], init, batchSize: 40, masks, optimizer: { ...opt, name: 'adamw', lr: 0.01 } });
    for (let t = 0; t < 5; t++) await a.step(null);
    const Wa = await a.weights();
    for (let l = 0; l < 2; l++) for (let i = 0; i < Wa[l].length; i++) if (masks[l]![i] === 0) expect(Wa[l][i] === 0).toBe(true);
  });
});

describe('singular-value pruning', () => {
  it('top and bottom bands sum to W; the top band is the best rank-h approximation', async () => {
    const m = 20, n = 12;
    const W = gauss(m, n, 4);
    const top = await svdBand(W, m, n, 0, 6);
    const bot = await svdBand(W, m, n, 6, 12);
    const s = await svd(W, m, n, { backend: 'cpu' });
    let tail = 0;
    for (let j = 6; j < 12; j++) tail += s.values[j] ** 2;
    expect(sq(W.map((x, i) => x - top[i]))).toBeCloseTo(tail, 9);
    for (let i = 0; i < W.length; i++) expect(top[i] + bot[i]).toBeCloseTo(W[i], 10);
  });

  it('evaluates the network, its top half and its bottom half on the training set', async () => {
    const data = labelsTask({ d: 8, classes: 3, nTrain: 30, nTest: 0, shuffled: false }, 0);
    const spec: MlpSpec = { sizes: [8, 10, 3], activation: resolveTrainActivation('relu'), parameterization: 'standard' };
    const W = initWeights(spec, 1);
    const r = await svPrune(spec, data, W);
    expect(r.fullLoss).toBeCloseTo(evaluateWeights(spec, data, W, 'train').loss, 12);
    const top = await svdBand(W[0], 10, 8, 0, 4);
    expect(r.topLoss).toBeCloseTo(evaluateWeights(spec, data, [top, W[1]], 'train').loss, 12);
    const bot = await svdBand(W[0], 10, 8, 4, 8);
    expect(r.bottomLoss).toBeCloseTo(evaluateWeights(spec, data, [bot, W[1]], 'train').loss, 12);
  });
});

describe('experiment helpers', () => {
  it('spearman: ±1 for monotone pairs, the textbook value with ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 7, 3, -1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 12);
    // Ranks x: 1.5 1.5 3 4, y: 1 3 2 4 -> Pearson of ranks = 3/√22.5 (scipy.stats.spearmanr: 0.632455532033676).
    expect(spearman([0, 0, 1, 2], [1, 3, 2, 4])).toBeCloseTo(3 / Math.sqrt(22.5), 12);
  });

  it('perturbation keeps each norm, leaves the last layer, and turns W by arccos(1/√(1+η²))', () => {
    const W = [gauss(64, 64, 1, 0), gauss(64, 64, 1, 1), gauss(3, 64, 1, 2)];
    for (const eta of [0.1, 1, 2.5]) {
      const P = perturbWeights(W, eta, 7, 0);
      expect(P[2]).toEqual(W[2]);
      for (let l = 0; l < 2; l++) {
        expect(Math.sqrt(sq(P[l]))).toBeCloseTo(Math.sqrt(sq(W[l])), 8);
        let dot = 0;
        for (let i = 0; i < W[l].length; i++) dot += W[l][i] * P[l][i];
        expect(dot / sq(W[l])).toBeCloseTo(1 / Math.sqrt(1 + eta * eta), 1);
      }
    }
    expect(perturbWeights(W, 0, 7, 0)).toEqual(W);
    expect(perturbWeights(W, 1, 7, 0)).not.toEqual(perturbWeights(W, 1, 7, 1));
  });

  it('data orders: 0 is the ordinary run, others are different reshuffles covering every row per epoch', () => {
    const orders = [0, 1, 2].map((o) => Array.from({ length: 8 }, (_, s) => Array.from(batchRows(64, 8, 3, s, o)!)).flat());
    for (const o of orders) expect([...o].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(orders[1]).not.toEqual(orders[0]);
    expect(orders[2]).not.toEqual(orders[1]);
    expect(batchRows(64, 64, 3, 5, 1)).toBeNull();
  });

  it('config: defaults of the presets and one-line errors', () => {
    const l = resolveConfig({ preset: 'lmc' });
    expect(l).toMatchObject({ task: 'labels', splits: [0, 20, 50, 100, 300], optimizer: 'sgd', batchSize: 16, depth: 2 });
    expect(resolveConfig({ preset: 'lottery' })).toMatchObject({ keep: 5, rewind: 20 });
    expect(resolveConfig({ preset: 'lmc', splits: [300, 0, 300] }).splits).toEqual([0, 300]);
    expect(() => resolveConfig({ preset: 'lottery', keep: 0 })).toThrow(/keep must be a finite number in \(0, 100\]/);
    expect(() => resolveConfig({ preset: 'lottery', rewind: 5000 })).toThrow(/rewind must be an integer in \[0, 1000\]/);
    expect(() => resolveConfig({ preset: 'lmc', splits: [-1] })).toThrow(/splits must be an integer/);
    expect(resolveConfig({}).splits).toEqual([]);
  });
});

describe('experiments in a run', () => {
  const tiny = { d: 8, width: 12, nTrain: 32, nTest: 16, batchSize: 8, steps: 200, every: 100, monitors: false, backend: 'cpu' as const };

  it('report progress by phase and stop on an AbortSignal', async () => {
    const { train } = await import('../../src/train/loop.js');
    const ac = new AbortController();
    const phases = new Set<string>();
    const p = train({ preset: 'lmc', ...tiny }, {
      signal: ac.signal,
      onProgress: (e) => {
        phases.add(e.phase);
        if (e.phase === 'lmc' && e.done >= 500) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
    expect([...phases]).toEqual(['train', 'lmc']);
  });

  it('a split at the last step gives two identical branches: barrier 0, agreement 1', async () => {
    const { train } = await import('../../src/train/loop.js');
    const r = await train({ preset: 'lmc', ...tiny, steps: 40, splits: [40] });
    expect(r.lmc!.splits[0].step).toBe(40);
    expect(Math.abs(r.lmc!.splits[0].barrier)).toBeLessThan(1e-14);
    expect(r.lmc!.splits[0].svAgreement).toBeCloseTo(1, 9);
  });
});
