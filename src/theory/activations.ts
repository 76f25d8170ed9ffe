/**
 * Activations: parsing names and expressions into an {@link ActivationSpec}, float64 φ and φ'
 * for every spec, and a stable label. Shared by theory, sampling (CPU twins) and training.
 */
import { invalidParam } from '../errors.js';
import { BUILTIN_ACTIVATIONS, type ActivationSpec, type BuiltinActivation } from './activation-spec.js';
import { compileExpr, derivExpr, parseExpr } from './expr.js';
import { erf, normalCdf, sigmoid, softplus } from './special.js';

const ALIASES: Record<string, BuiltinActivation> = {
  heaviside: 'step',
  linear: 'identity',
  swish: 'silu',
  leakyrelu: 'leaky_relu',
};

/** Parameter defaults: leaky_relu slope, elu alpha, relu_pow power. */
export const ACTIVATION_PARAM_DEFAULTS: Partial<Record<BuiltinActivation, number>> = {
  leaky_relu: 0.01,
  elu: 1,
  relu_pow: 2,
};

const ACCEPTED_NAMES = `one of ${BUILTIN_ACTIVATIONS.join(', ')} (leaky_relu:SLOPE, elu:ALPHA, relu_pow:P with P in 1..5) or an expression in x`;

function checkParam(name: BuiltinActivation, p: number, src: string): number {
  if (!Number.isFinite(p)) invalidParam('activation', `${name}:P with a finite number P`, src);
  if (name === 'relu_pow' && (!Number.isInteger(p) || p < 1 || p > 5)) invalidParam('activation', 'relu_pow:P with P an integer in [1, 5]', src);
  if (name === 'elu' && p < 0) invalidParam('activation', 'elu:ALPHA with ALPHA >= 0', src);
  return p;
}

/**
 * Resolves `relu`, `leaky_relu:0.2`, `elu:1.5`, `relu_pow:3`, ... (case-insensitive) or, for
 * anything else, parses an expression in x (`x*tanh(x)`). Throws INVALID_PARAMETER
 * ('activation') for unknown names, bad parameters and malformed expressions.
 */
export function parseActivation(s: string): ActivationSpec {
  if (typeof s !== 'string' || s.trim() === '') invalidParam('activation', ACCEPTED_NAMES, s);
  const src = s.trim();
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*(.*))?$/.exec(src);
  if (m) {
    const raw = m[1].toLowerCase();
    const name = ((BUILTIN_ACTIVATIONS as readonly string[]).includes(raw) ? raw : ALIASES[raw]) as BuiltinActivation | undefined;
    if (name) {
      if (m[2] === undefined) return { kind: 'builtin', name };
      if (!(name in ACTIVATION_PARAM_DEFAULTS)) invalidParam('activation', `${name} without a parameter`, src);
      const p = m[2].trim() === '' ? NaN : Number(m[2]);
      return { kind: 'builtin', name, param: checkParam(name, p, src) };
    }
    if (raw !== 'x' && raw !== 'pi' && raw !== 'e') invalidParam('activation', ACCEPTED_NAMES, src);
  }
  return { kind: 'expr', source: src, ast: parseExpr(src) };
}

/** Accepts a spec or a string; validates a spec's parameter. */
export function toActivationSpec(a: string | ActivationSpec): ActivationSpec {
  if (typeof a === 'string') return parseActivation(a);
  if (a.kind === 'builtin') {
    if (!(BUILTIN_ACTIVATIONS as readonly string[]).includes(a.name)) invalidParam('activation', ACCEPTED_NAMES, a.name);
    if (a.param !== undefined) {
      if (!(a.name in ACTIVATION_PARAM_DEFAULTS)) invalidParam('activation', `${a.name} without a parameter`, a.param);
      checkParam(a.name, a.param, `${a.name}:${a.param}`);
    }
    return a;
  }
  return a.ast ? a : { kind: 'expr', source: a.source, ast: parseExpr(a.source) };
}

/** The builtin parameter with its default applied (undefined for parameterless activations). */
export function activationParam(spec: ActivationSpec): number | undefined {
  if (spec.kind !== 'builtin') return undefined;
  return spec.param ?? ACTIVATION_PARAM_DEFAULTS[spec.name];
}

/** `relu`, `leaky_relu:0.01`, `relu_pow:3`, or the expression source. */
export function activationLabel(spec: ActivationSpec): string {
  if (spec.kind === 'expr') return spec.source;
  const p = activationParam(spec);
  return p === undefined ? spec.name : `${spec.name}:${p}`;
}

/** φ and φ' in float64. Kinks get their conventional a.e. derivative (relu'(0) = 0, step' = 0). */
export interface ActivationFn {
  phi(x: number): number;
  dphi(x: number): number;
}

const INV_SQRT_2PI = 0.3989422804014327;

/** φ and φ' of a spec, in float64 (GELU is the exact x·Φ(x), not the tanh approximation). */
export function activationFn(spec: ActivationSpec): ActivationFn {
  if (spec.kind === 'expr') {
    return { phi: compileExpr(spec.ast), dphi: compileExpr(derivExpr(spec.ast)) };
  }
  const a = activationParam(spec) ?? 0;
  switch (spec.name) {
    case 'relu':
      return { phi: (x) => (x > 0 ? x : 0), dphi: (x) => (x > 0 ? 1 : 0) };
    case 'leaky_relu':
      return { phi: (x) => (x > 0 ? x : a * x), dphi: (x) => (x > 0 ? 1 : a) };
    case 'abs':
      return { phi: Math.abs, dphi: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0) };
    case 'step':
      return { phi: (x) => (x > 0 ? 1 : 0), dphi: () => 0 };
    case 'tanh':
      return {
        phi: Math.tanh,
        dphi: (x) => {
          const t = Math.tanh(x);
          return 1 - t * t;
        },
      };
    case 'erf':
      return { phi: erf, dphi: (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) };
    case 'sigmoid':
      return {
        phi: sigmoid,
        dphi: (x) => {
          const s = sigmoid(x);
          return s * (1 - s);
        },
      };
    case 'gelu':
      return {
        phi: (x) => x * normalCdf(x),
        dphi: (x) => normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
      };
    case 'silu':
      return {
        phi: (x) => x * sigmoid(x),
        dphi: (x) => {
          const s = sigmoid(x);
          return s * (1 + x * (1 - s));
        },
      };
    case 'elu':
      return { phi: (x) => (x > 0 ? x : a * Math.expm1(x)), dphi: (x) => (x > 0 ? 1 : a * Math.exp(x)) };
    case 'softplus':
      return { phi: softplus, dphi: sigmoid };
    case 'sin':
      return { phi: Math.sin, dphi: Math.cos };
    case 'cos':
      return { phi: Math.cos, dphi: (x) => -Math.sin(x) };
    case 'gaussian':
      return { phi: (x) => Math.exp(-x * x), dphi: (x) => -2 * x * Math.exp(-x * x) };
    case 'relu_pow': {
      const p = a;
      return {
        phi: (x) => (x > 0 ? Math.pow(x, p) : 0),
        dphi: (x) => (x > 0 ? (p === 1 ? 1 : p * Math.pow(x, p - 1)) : 0),
      };
    }
    case 'identity':
      return { phi: (x) => x, dphi: () => 1 };
  }
}
