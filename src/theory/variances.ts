/**
 * Weight and bias variances in the two parameter modes of docs/conventions.md, and the Gaussian moments
 * E[φ(√q Z)²], E[φ'(√q Z)²] they rest on (exact values for activations that have them).
 */
import { checkNumber, invalidParam } from '../errors.js';
import type { ActivationSpec } from './activation-spec.js';
import { activationFn, activationLabel, activationParam } from './activations.js';
import { gaussianExpectationChecked } from './gauss.js';

/** The parameter modes (docs/conventions.md): 'normalized' (unit layer variance) or 'raw' (σ_w², σ_b² as given). */
export type ParamMode = 'normalized' | 'raw';

export interface ResolvedVariances {
  mode: ParamMode;
  /** Input-layer weight variance: W1_ij ~ N(0, sIn) (inputs on the unit sphere). */
  sIn: number;
  /** Hidden weight variance times width: W_ij ~ N(0, sigmaW2 / n). */
  sigmaW2: number;
  /** Bias variance of every layer. */
  sigmaB2: number;
}

function doubleFactorial(n: number): number {
  let r = 1;
  for (let k = n; k > 1; k -= 2) r *= k;
  return r;
}

/**
 * E[φ(√q Z)²] and E[φ'(√q Z)²] for Z ~ N(0,1), exact where a closed form exists (so that
 * ReLU-like activations are exactly critical), by quadrature otherwise. q = 1 by default.
 */
export function activationMoments(spec: ActivationSpec, q = 1): { m2: number; d2: number } {
  if (spec.kind === 'builtin') {
    const a = activationParam(spec) ?? 0;
    switch (spec.name) {
      case 'relu':
        return { m2: q / 2, d2: 0.5 };
      case 'leaky_relu':
        return { m2: ((1 + a * a) * q) / 2, d2: (1 + a * a) / 2 };
      case 'abs':
      case 'identity':
        return { m2: q, d2: 1 };
      case 'step':
        return { m2: 0.5, d2: Infinity };
      case 'relu_pow': {
        const p = a;
        return {
          m2: (doubleFactorial(2 * p - 1) * Math.pow(q, p)) / 2,
          d2: p === 1 ? 0.5 : (p * p * doubleFactorial(2 * p - 3) * Math.pow(q, p - 1)) / 2,
        };
      }
      case 'erf':
        // E[erf(aZ)²] = (2/π) asin(2a²/(1+2a²)); E[erf'(aZ)²] = (4/π)/√(1+4a²)
        return { m2: (2 / Math.PI) * Math.asin((2 * q) / (1 + 2 * q)), d2: 4 / Math.PI / Math.sqrt(1 + 4 * q) };
      case 'sin':
        return { m2: -0.5 * Math.expm1(-2 * q), d2: 0.5 * (1 + Math.exp(-2 * q)) };
      case 'cos':
        return { m2: 0.5 * (1 + Math.exp(-2 * q)), d2: -0.5 * Math.expm1(-2 * q) };
      case 'gaussian':
        // E[e^{-2qZ²}] = 1/√(1+4q); E[4qZ² e^{-2qZ²}]... with φ' = -2x e^{-x²}: E[4 q Z² e^{-2qZ²}] = 4q/(1+4q)^{3/2}
        return { m2: 1 / Math.sqrt(1 + 4 * q), d2: (4 * q) / Math.pow(1 + 4 * q, 1.5) };
      default:
        break;
    }
  }
  const { phi, dphi } = activationFn(spec);
  const s = Math.sqrt(q);
  return {
    m2: gaussianExpectationChecked((z) => {
      const v = phi(s * z);
      return v * v;
    }),
    d2: gaussianExpectationChecked((z) => {
      const v = dphi(s * z);
      return v * v;
    }),
  };
}

/** E[φ(Z)²], checked to be finite and positive (the normalisation of the activation). */
export function secondMoment(spec: ActivationSpec): number {
  const m2 = activationMoments(spec).m2;
  if (!(m2 > 0) || !Number.isFinite(m2)) {
    invalidParam('activation', 'an activation with 0 < E[φ(Z)²] < ∞ and φ finite on the real line', activationLabel(spec));
  }
  return m2;
}

/**
 * Resolves the variances of the two modes (docs/conventions.md). normalized (default): sb2 in [0, 1),
 * s_in = 1 - sb2, sw2 = (1 - sb2)/E[φ(Z)²], so that every layer has unit variance. raw:
 * sw2 > 0 (default 1) and sb2 ≥ 0 (default 0) as given, s_in = sw2.
 */
export function resolveVariances(
  spec: ActivationSpec,
  opts: { mode?: ParamMode; sigmaW2?: number; sigmaB2?: number } = {},
): ResolvedVariances {
  const mode = opts.mode ?? 'normalized';
  if (mode !== 'normalized' && mode !== 'raw') invalidParam('mode', '"normalized" or "raw"', mode);
  if (mode === 'normalized') {
    if (opts.sigmaW2 !== undefined) invalidParam('sigma-w2', 'given only in raw mode (--raw)', opts.sigmaW2);
    const sb2 = checkNumber('sigma-b2', opts.sigmaB2 ?? 0, 0, 1, { hiOpen: true });
    const m2 = secondMoment(spec);
    return { mode, sIn: 1 - sb2, sigmaW2: (1 - sb2) / m2, sigmaB2: sb2 };
  }
  const sw2 = checkNumber('sigma-w2', opts.sigmaW2 ?? 1, 0, 1e6, { loOpen: true });
  const sb2 = checkNumber('sigma-b2', opts.sigmaB2 ?? 0, 0, 1e6);
  secondMoment(spec);
  return { mode, sIn: sw2, sigmaW2: sw2, sigmaB2: sb2 };
}
