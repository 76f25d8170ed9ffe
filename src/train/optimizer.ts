/**
 * Optimizers, the CPU twin of shaders/train/optimizer.wgsl. GD and SGD share one update (GD is
 * SGD on the full batch); weight decay is an L2 term added to the gradient for gd/sgd/adam and
 * decoupled (θ ← θ - lr·wd·θ) for adamw.
 */
export type OptimizerName = 'gd' | 'sgd' | 'adam' | 'adamw';

export interface OptimizerConfig {
  name: OptimizerName;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/** Per-tensor optimizer state. */
export interface OptimizerState {
  m: Float64Array;
  v: Float64Array;
}

export function newState(size: number): OptimizerState {
  return { m: new Float64Array(size), v: new Float64Array(size) };
}

/** One update of θ in place; `t` counts steps from 1 (Adam's bias correction). */
export function optimizerStep(cfg: OptimizerConfig, theta: Float64Array, grad: Float64Array, st: OptimizerState, t: number): void {
  const { lr, weightDecay: wd } = cfg;
  if (cfg.name === 'gd' || cfg.name === 'sgd') {
    const mu = cfg.momentum;
    for (let i = 0; i < theta.length; i++) {
      const g = grad[i] + wd * theta[i];
      const m = mu * st.m[i] + g;
      st.m[i] = m;
      theta[i] -= lr * m;
    }
    return;
  }
  const { beta1: b1, beta2: b2, eps } = cfg;
  const bc1 = 1 - b1 ** t;
  const bc2 = 1 - b2 ** t;
  const decoupled = cfg.name === 'adamw';
  for (let i = 0; i < theta.length; i++) {
    const g = decoupled ? grad[i] : grad[i] + wd * theta[i];
    const m = b1 * st.m[i] + (1 - b1) * g;
    const v = b2 * st.v[i] + (1 - b2) * g * g;
    st.m[i] = m;
    st.v[i] = v;
    let th = theta[i];
    if (decoupled) th -= lr * wd * th;
    theta[i] = th - (lr * (m / bc1)) / (Math.sqrt(v / bc2) + eps);
  }
}
