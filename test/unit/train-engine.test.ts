import { describe, expect, it } from 'vitest';
import { resolveTrainActivation } from '../../src/train/activation.js';
import { backward, forward, initWeights, outputs, type MlpSpec } from '../../src/train/model.js';
import { evaluateLoss, lossGradient, type LossName } from '../../src/train/loss.js';
import { newState, optimizerStep, type OptimizerConfig } from '../../src/train/optimizer.js';
import { kernelMatrices } from '../../src/train/kernels.js';
import { labelsTask, modAddTask, permutation, teacherTask } from '../../src/train/tasks.js';
import { fillNormals } from '../../src/rng/philox.js';

function lossOf(spec: MlpSpec, W: Float64Array[], X: Float64Array, y: Float64Array, rows: number, kind: LossName): number {
  return evaluateLoss(kind, outputs(forward(spec, W, X, rows)), y, rows, spec.sizes[spec.sizes.length - 1]).loss;
}

function checkGradients(spec: MlpSpec, kind: LossName, frozen: boolean[] = []) {
  const rows = 7;
  const k = spec.sizes[spec.sizes.length - 1];
  const X = new Float64Array(rows * spec.sizes[0]);
  fillNormals(X, rows, spec.sizes[0], 5, 99, 0, 0);
  const y = new Float64Array(kind === 'mse' ? rows * k : rows);
  if (kind === 'mse') fillNormals(y, rows, k, 5, 98, 0, 0);
  else for (let r = 0; r < rows; r++) y[r] = r % k;
  const W = initWeights(spec, 3);
  const cache = forward(spec, W, X, rows);
  const g = backward(spec, W, cache, lossGradient(kind, outputs(cache), y, rows, k), frozen);
  const h = 1e-6;
  let checked = 0;
  for (let l = 0; l < W.length; l++) {
    if (frozen[l]) {
      expect(g[l]).toBeNull();
      continue;
    }
    for (let i = 0; i < W[l].length; i += 3) {
      const w0 = W[l][i];
      W[l][i] = w0 + h;
      const lp = lossOf(spec, W, X, y, rows, kind);
      W[l][i] = w0 - h;
      const lm = lossOf(spec, W, X, y, rows, kind);
      W[l][i] = w0;
      const fd = (lp - lm) / (2 * h);
      expect(Math.abs(g[l]![i] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(10);
}

describe('training engine (CPU twin, float64)', () => {
  it('backpropagation matches central finite differences: MSE, NTK parameterisation, tanh', () => {
    checkGradients({ sizes: [5, 6, 4, 2], activation: resolveTrainActivation('tanh'), parameterization: 'ntk' }, 'mse');
  });
  it('backpropagation matches finite differences: cross-entropy, standard, softplus, frozen layer', () => {
    checkGradients({ sizes: [4, 8, 3], activation: resolveTrainActivation('softplus'), parameterization: 'standard' }, 'cross-entropy');
    checkGradients({ sizes: [4, 8, 5, 3], activation: resolveTrainActivation('gelu'), parameterization: 'ntk' }, 'cross-entropy', [false, true, false]);
  });

  it('initial weights have the variance of the parameterisation and depend on the seed', () => {
    const spec: MlpSpec = { sizes: [200, 300, 1], activation: resolveTrainActivation('relu'), parameterization: 'standard' };
    const W = initWeights(spec, 1);
    const v = W[0].reduce((s, x) => s + x * x, 0) / W[0].length;
    expect(v).toBeGreaterThan((1 / 200) * 0.95);
    expect(v).toBeLessThan((1 / 200) * 1.05);
    expect(initWeights(spec, 1)[0]).toEqual(W[0]);
    expect(initWeights(spec, 2)[0][0]).not.toBe(W[0][0]);
  });

  it('SGD with momentum and Adam/AdamW follow their update rules', () => {
    const base: OptimizerConfig = { name: 'sgd', lr: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };
    // Constant gradient g: SGD momentum moves by lr·g·(1 + μ) on the second step.
    const th = Float64Array.of(1, -2);
    const g = Float64Array.of(0.5, 1);
    const st = newState(2);
    optimizerStep(base, th, g, st, 1);
    optimizerStep(base, th, g, st, 2);
    expect(th[0]).toBeCloseTo(1 - 0.1 * 0.5 * (1 + 1.9), 12);
    // Adam's first step is lr·sign(g) up to eps.
    const ta = Float64Array.of(1, -2);
    optimizerStep({ ...base, name: 'adam' }, ta, Float64Array.of(0.5, -3), newState(2), 1);
    expect(ta[0]).toBeCloseTo(0.9, 6);
    expect(ta[1]).toBeCloseTo(-1.9, 6);
    // AdamW shrinks θ by lr·wd·θ before the Adam step; Adam with L2 does not (its step stays lr).
    const tw = Float64Array.of(1);
    optimizerStep({ ...base, name: 'adamw', weightDecay: 0.5 }, tw, Float64Array.of(2), newState(1), 1);
    expect(tw[0]).toBeCloseTo(1 - 0.05 - 0.1, 6);
    const tl = Float64Array.of(1);
    optimizerStep({ ...base, name: 'adam', weightDecay: 0.5 }, tl, Float64Array.of(2), newState(1), 1);
    expect(tl[0]).toBeCloseTo(0.9, 6);
  });

  it('tasks: unit teacher direction, correct modular sums, permutation labels', () => {
    const t = teacherTask({ d: 20, nTrain: 30, nTest: 10, noise: 0, target: 'tanh' }, 4);
    expect(Math.hypot(...t.beta!)).toBeCloseTo(1, 12);
    let s = 0;
    for (let j = 0; j < 20; j++) s += t.beta![j] * t.xTrain[3 * 20 + j];
    expect(t.yTrain[3]).toBeCloseTo(Math.tanh(s), 12);
    const m = modAddTask({ p: 7, trainFraction: 0.4 }, 1);
    expect(m.nTrain + m.nTest).toBe(49);
    for (let r = 0; r < m.nTrain; r++) {
      const row = m.xTrain.subarray(r * 14, r * 14 + 14);
      const a = row.indexOf(1);
      const b = row.indexOf(1, 7) - 7;
      expect(m.yTrain[r]).toBe((a + b) % 7);
    }
    const p = Array.from(permutation(50, 3, 20, 0)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const tr = labelsTask({ d: 8, classes: 3, nTrain: 60, nTest: 20, shuffled: false }, 2);
    const sh = labelsTask({ d: 8, classes: 3, nTrain: 60, nTest: 20, shuffled: true }, 2);
    expect(Array.from(sh.yTrain).sort()).toEqual(Array.from(tr.yTrain).sort());
    expect(sh.yTrain).not.toEqual(tr.yTrain);
    expect(sh.yTest).toEqual(tr.yTest);
  });

  it('the empirical NTK equals the Gram matrix of explicit per-sample gradients', async () => {
    const spec: MlpSpec = { sizes: [3, 5, 4, 2], activation: resolveTrainActivation('tanh'), parameterization: 'ntk' };
    const W = initWeights(spec, 9);
    const rows = 4;
    const X = new Float64Array(rows * 3);
    fillNormals(X, rows, 3, 1, 50, 0, 0);
    const frozen = [false, true, false];
    const { ntk, ck } = await kernelMatrices(spec, W, X, rows, frozen, { ck: true, ntk: true });
    // Per-sample, per-output gradients by finite differences of the outputs.
    const h = 1e-6;
    const J: number[][][] = [];
    for (let r = 0; r < rows; r++) {
      const x = X.subarray(r * 3, r * 3 + 3);
      const per: number[][] = [[], []];
      for (let l = 0; l < 3; l++) {
        if (frozen[l]) continue;
        for (let i = 0; i < W[l].length; i++) {
          const w0 = W[l][i];
          W[l][i] = w0 + h;
          const fp = outputs(forward(spec, W, x, 1));
          W[l][i] = w0 - h;
          const fm = outputs(forward(spec, W, x, 1));
          W[l][i] = w0;
          for (let k = 0; k < 2; k++) per[k].push((fp[k] - fm[k]) / (2 * h));
        }
      }
      J.push(per);
    }
    for (let a = 0; a < rows; a++)
      for (let b = 0; b < rows; b++) {
        let s = 0;
        for (let k = 0; k < 2; k++) for (let i = 0; i < J[a][k].length; i++) s += J[a][k][i] * J[b][k][i];
        expect(ntk![a * rows + b]).toBeCloseTo(s, 6);
      }
    // CK: features of the last hidden layer.
    const A = forward(spec, W, X, rows).A[2];
    let c01 = 0;
    for (let j = 0; j < 4; j++) c01 += A[j] * A[4 + j];
    expect(ck![1]).toBeCloseTo(c01 / 4, 12);
  });
});

describe('dense products of the CPU twin', () => {
  it('agree with the triple loop for ragged sizes', async () => {
    const { mulAB, mulABt, mulAtB } = await import('../../src/train/dense.js');
    const m = 7, k = 6, n = 5;
    const A = new Float64Array(m * k), B = new Float64Array(k * n), Bt = new Float64Array(n * k), C2 = new Float64Array(m * n);
    fillNormals(A, m, k, 1, 90, 0, 0);
    fillNormals(B, k, n, 1, 91, 0, 0);
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) Bt[j * k + p] = B[p * n + j];
    A[3] = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) C2[i * n + j] += 2 * A[i * k + p] * B[p * n + j];
    const ab = mulAB(A, B, m, k, n, 2);
    const abt = mulABt(A, Bt, m, k, n, 2);
    // Aᵀ·(A·B) checks mulAtB against the same reference.
    const atc = mulAtB(A, C2, m, k, n);
    for (let i = 0; i < m * n; i++) {
      expect(ab[i]).toBeCloseTo(C2[i], 12);
      expect(abt[i]).toBeCloseTo(C2[i], 12);
    }
    for (let p = 0; p < k; p++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += A[i * k + p] * C2[i * n + j];
        expect(atc[p * n + j]).toBeCloseTo(s, 12);
      }
  });
});
