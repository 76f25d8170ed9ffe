/**
 * The abstract syntax tree of a user-supplied activation expression such as "x*tanh(x)".
 * Produced by the safe parser in ./expr.ts (never eval); consumed by the float64 evaluator,
 * the symbolic derivative, and the WGSL emitter in src/gpu, so that CPU and GPU compute the
 * same function.
 */

/**
 * One-argument functions the expression language knows. `sign` and `step` (Heaviside,
 * step(0) = 0) are mostly produced by the symbolic derivative (of abs, max, min) but may
 * also be typed by users.
 */
export type UnaryFn = 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'erf' | 'sin' | 'cos' | 'sigmoid' | 'sign' | 'step';
/** Two-argument functions. */
export type BinaryFn = 'max' | 'min';
export type BinaryOp = '+' | '-' | '*' | '/' | '^';

export type Expr =
  | { type: 'num'; value: number }
  | { type: 'x' }
  | { type: 'neg'; arg: Expr }
  | { type: 'bin'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'call'; fn: UnaryFn; arg: Expr }
  | { type: 'call2'; fn: BinaryFn; left: Expr; right: Expr };
