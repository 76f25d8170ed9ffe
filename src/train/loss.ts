/**
 * Losses of the training lab on float64 outputs: MSE L = Σ (f - y)² / (2N) for regression, and
 * mean softmax cross-entropy for classification (targets are class indices).
 */
export type LossName = 'mse' | 'cross-entropy';

export interface LossValue {
  loss: number;
  /** Classification accuracy; null for regression. */
  acc: number | null;
}

/** Loss and accuracy of `out` (rows × k) against `y` (rows × k for MSE, rows for CE). */
export function evaluateLoss(kind: LossName, out: Float64Array | Float32Array, y: Float64Array, rows: number, k: number): LossValue {
  if (rows === 0) return { loss: NaN, acc: null };
  if (kind === 'mse') {
    let s = 0;
    for (let i = 0; i < rows * k; i++) s += (out[i] - y[i]) ** 2;
    return { loss: s / (2 * rows), acc: null };
  }
  let s = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    let m = -Infinity;
    let arg = 0;
    for (let j = 0; j < k; j++) if (out[o + j] > m) { m = out[o + j]; arg = j; }
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp(out[o + j] - m);
    s += Math.log(z) + m - out[o + y[r]];
    if (arg === y[r]) correct++;
  }
  return { loss: s / rows, acc: correct / rows };
}

/** dL/d(out) (rows × k), the CPU twin of shaders/train/loss_grad.wgsl. */
export function lossGradient(kind: LossName, out: Float64Array, y: Float64Array, rows: number, k: number): Float64Array {
  const g = new Float64Array(rows * k);
  if (kind === 'mse') {
    for (let i = 0; i < rows * k; i++) g[i] = (out[i] - y[i]) / rows;
    return g;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, out[o + j]);
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp(out[o + j] - m);
    for (let j = 0; j < k; j++) g[o + j] = Math.exp(out[o + j] - m) / z / rows;
    g[o + y[r]] -= 1 / rows;
  }
  return g;
}
