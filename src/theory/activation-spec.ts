/** How an activation is named across the package (theory, sampling, training, CLI). */
import type { Expr } from './expr-ast.js';

export const BUILTIN_ACTIVATIONS = [
  'relu',
  'leaky_relu',
  'abs',
  'step',
  'tanh',
  'erf',
  'sigmoid',
  'gelu',
  'silu',
  'elu',
  'softplus',
  'sin',
  'cos',
  'gaussian',
  'relu_pow',
  'identity',
] as const;

export type BuiltinActivation = (typeof BUILTIN_ACTIVATIONS)[number];

/**
 * A resolved activation. `param` is the leaky_relu slope (default 0.01), the elu alpha
 * (default 1) or the relu_pow power p in 1..5 (default 2); other built-ins take none.
 */
export type ActivationSpec =
  | { kind: 'builtin'; name: BuiltinActivation; param?: number }
  | { kind: 'expr'; source: string; ast: Expr };
