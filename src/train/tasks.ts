/**
 * The three tasks of the training lab, generated from Philox streams so that a seed fixes
 * the data on every backend.
 * - teacher: x ~ N(0, I_d), y = φ*(⟨β, x⟩) + σ ε with ‖β‖ = 1 (single-index model, MSE).
 * - modadd: (a + b) mod p, input one-hot(a) ⊕ one-hot(b) (2p), p classes; a random fraction
 *   of the p² pairs is the training set, the rest the test set.
 * - labels: x ~ N(0, I_d), class = argmax of a random linear teacher (k classes); with
 *   `shuffled` the training labels are permuted (memorisation), test labels stay true.
 */
import { fillNormals, normalAt, philox4x32, STREAM_USER, uniform24 } from '../rng/philox.js';
import type { LossName } from './loss.js';

export type TaskName = 'teacher' | 'modadd' | 'labels';

export const STREAM_DATA = STREAM_USER + 1;
export const STREAM_NOISE = STREAM_USER + 2;
export const STREAM_TEACHER = STREAM_USER + 3;
export const STREAM_SHUFFLE = STREAM_USER + 4;
export const STREAM_BATCH = STREAM_USER + 5;
/** Streams of the loss-surface experiments: branch data orders, perturbations, random masks, control trunks. */
export const STREAM_BRANCH = STREAM_USER + 6;
export const STREAM_PERTURB = STREAM_USER + 7;
export const STREAM_MASK = STREAM_USER + 9;

export interface Dataset {
  task: TaskName;
  loss: LossName;
  inputDim: number;
  outputDim: number;
  nTrain: number;
  nTest: number;
  xTrain: Float64Array;
  /** Targets: rows × outputDim for MSE, class indices for cross-entropy. */
  yTrain: Float64Array;
  xTest: Float64Array;
  yTest: Float64Array;
  /** Teacher direction β (unit norm), teacher task only. */
  beta?: Float64Array;
}

export interface TeacherOptions {
  d: number;
  nTrain: number;
  nTest: number;
  noise: number;
  target: 'softplus' | 'tanh';
}

const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));

export function teacherTask(o: TeacherOptions, seed: number): Dataset {
  const beta = new Float64Array(o.d);
  fillNormals(beta, 1, o.d, seed, STREAM_TEACHER, 0, 0);
  const nb = Math.hypot(...beta);
  for (let i = 0; i < o.d; i++) beta[i] /= nb;
  const phi = o.target === 'tanh' ? Math.tanh : softplus;
  const make = (rows: number, split: number) => {
    const x = new Float64Array(rows * o.d);
    fillNormals(x, rows, o.d, seed, STREAM_DATA, split, 0);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < o.d; j++) s += beta[j] * x[r * o.d + j];
      y[r] = phi(s) + o.noise * normalAt(seed, STREAM_NOISE, r, split, 0, 0);
    }
    return { x, y };
  };
  const tr = make(o.nTrain, 0);
  const te = make(o.nTest, 1);
  return { task: 'teacher', loss: 'mse', inputDim: o.d, outputDim: 1, nTrain: o.nTrain, nTest: o.nTest, xTrain: tr.x, yTrain: tr.y, xTest: te.x, yTest: te.y, beta };
}

/** A seeded permutation of 0..n-1 (Fisher–Yates driven by Philox words at counter (i, c1, c2, 0)). */
export function permutation(n: number, seed: number, stream: number, c1: number, c2 = 0): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const w = new Uint32Array(4);
  for (let i = n - 1; i > 0; i--) {
    philox4x32(i, c1, c2, 0, seed, stream, w);
    const j = Math.floor(uniform24(w[0]) * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

export interface ModAddOptions {
  p: number;
  trainFraction: number;
}

export function modAddTask(o: ModAddOptions, seed: number): Dataset {
  const { p } = o;
  const total = p * p;
  const perm = permutation(total, seed, STREAM_SHUFFLE, 0);
  const nTrain = Math.max(1, Math.min(total - 1, Math.round(o.trainFraction * total)));
  const fill = (idx: ArrayLike<number>) => {
    const x = new Float64Array(idx.length * 2 * p);
    const y = new Float64Array(idx.length);
    for (let r = 0; r < idx.length; r++) {
      const a = Math.floor(idx[r] / p);
      const b = idx[r] % p;
      x[r * 2 * p + a] = 1;
      x[r * 2 * p + p + b] = 1;
      y[r] = (a + b) % p;
    }
    return { x, y };
  };
  const tr = fill(perm.subarray(0, nTrain));
  const te = fill(perm.subarray(nTrain));
  return { task: 'modadd', loss: 'cross-entropy', inputDim: 2 * p, outputDim: p, nTrain, nTest: total - nTrain, xTrain: tr.x, yTrain: tr.y, xTest: te.x, yTest: te.y };
}

export interface LabelsOptions {
  d: number;
  classes: number;
  nTrain: number;
  nTest: number;
  shuffled: boolean;
}

export function labelsTask(o: LabelsOptions, seed: number): Dataset {
  const T = new Float64Array(o.classes * o.d);
  fillNormals(T, o.classes, o.d, seed, STREAM_TEACHER, 1, 0);
  const make = (rows: number, split: number) => {
    const x = new Float64Array(rows * o.d);
    fillNormals(x, rows, o.d, seed, STREAM_DATA, split, 1);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let best = -Infinity;
      for (let c = 0; c < o.classes; c++) {
        let s = 0;
        for (let j = 0; j < o.d; j++) s += T[c * o.d + j] * x[r * o.d + j];
        if (s > best) { best = s; y[r] = c; }
      }
    }
    return { x, y };
  };
  const tr = make(o.nTrain, 0);
  const te = make(o.nTest, 1);
  if (o.shuffled) {
    const perm = permutation(o.nTrain, seed, STREAM_SHUFFLE, 1);
    const y = tr.y.slice();
    for (let r = 0; r < o.nTrain; r++) tr.y[r] = y[perm[r]];
  }
  return { task: 'labels', loss: 'cross-entropy', inputDim: o.d, outputDim: o.classes, nTrain: o.nTrain, nTest: o.nTest, xTrain: tr.x, yTrain: tr.y, xTest: te.x, yTest: te.y };
}
