/**
 * WGSL for an activation: `fn act(x: f32) -> f32` (φ) and `fn act_deriv(x: f32) -> f32` (φ'),
 * for every built-in of src/theory/activation-spec.ts and for user expressions (the `Expr` AST
 * emitted as straight-line WGSL; φ' by forward-mode differentiation of the same AST, so it is
 * the exact derivative of what the CPU evaluates, rule by rule).
 *
 * Kernels substitute the result through `{{ACTIVATION}}` (composeShader) and must not
 * `#include "lib/activations.wgsl"` themselves: the helpers come with the returned text.
 */
import { NnspectraError } from '../errors.js';
import type { ActivationSpec } from '../theory/activation-spec.js';
import type { Expr } from '../theory/expr-ast.js';
import { formatF32, shaderSource } from './shader.js';

/** Self-contained WGSL: the special-function helpers plus `act` and `act_deriv`. */
export function activationWgsl(spec: ActivationSpec): string {
  return `${shaderSource('lib/activations.wgsl')}\n${activationFunctionsWgsl(spec)}`;
}

/**
 * Only `act` and `act_deriv`, for kernels that include `lib/activations.wgsl` on their own.
 */
export function activationFunctionsWgsl(spec: ActivationSpec): string {
  const [phi, dphi] = spec.kind === 'builtin' ? builtinBodies(spec.name, spec.param) : exprBodies(spec.ast);
  return `// activation: ${describe(spec)}\nfn act(x: f32) -> f32 {\n${phi}\n}\n\nfn act_deriv(x: f32) -> f32 {\n${dphi}\n}\n`;
}

function describe(spec: ActivationSpec): string {
  const s = spec.kind === 'builtin' ? `${spec.name}${spec.param !== undefined ? `(${spec.param})` : ''}` : spec.source;
  return s.replace(/[\r\n]/g, ' ').slice(0, 120);
}

function lit(v: number): string {
  if (!Number.isFinite(v)) throw new NnspectraError('INVALID_PARAMETER', `activation constant must be finite (got ${v})`, 'activation');
  const s = formatF32(v);
  return v < 0 ? `(${s})` : s;
}

const ret = (e: string) => `  return ${e};`;

function builtinBodies(name: string, param?: number): [string, string] {
  switch (name) {
    case 'relu':
      return [ret('max(x, 0.0)'), ret('select(0.0, 1.0, x > 0.0)')];
    case 'leaky_relu': {
      const a = lit(param ?? 0.01);
      return [ret(`select(${a} * x, x, x > 0.0)`), ret(`select(${a}, 1.0, x > 0.0)`)];
    }
    case 'abs':
      return [ret('abs(x)'), ret('sign(x)')];
    case 'step':
      // φ' is a Dirac mass at 0; pointwise it is 0 everywhere else.
      return [ret('select(0.0, 1.0, x > 0.0)'), ret('0.0')];
    case 'tanh':
      return [ret('nn_tanh(x)'), '  let t = nn_tanh(x);\n  return 1.0 - t * t;'];
    case 'erf':
      return [ret('nn_erf(x)'), ret('NN_TWO_OVER_SQRT_PI * exp(-x * x)')];
    case 'sigmoid':
      return [ret('nn_sigmoid(x)'), '  let s = nn_sigmoid(x);\n  return s * (1.0 - s);'];
    case 'gelu':
      // The exact GELU x Φ(x), not the tanh approximation.
      return [ret('x * nn_phi_cdf(x)'), ret('nn_phi_cdf(x) + x * NN_INV_SQRT_2PI * exp(-0.5 * x * x)')];
    case 'silu':
      return [ret('x * nn_sigmoid(x)'), '  let s = nn_sigmoid(x);\n  return s * (1.0 + x * (1.0 - s));'];
    case 'elu': {
      const a = lit(param ?? 1);
      return [ret(`select(${a} * nn_expm1(x), x, x > 0.0)`), ret(`select(${a} * exp(x), 1.0, x > 0.0)`)];
    }
    case 'softplus':
      return [ret('nn_softplus(x)'), ret('nn_sigmoid(x)')];
    case 'sin':
      return [ret('nn_sin(x)'), ret('nn_cos(x)')];
    case 'cos':
      return [ret('nn_cos(x)'), ret('-nn_sin(x)')];
    case 'gaussian':
      return [ret('exp(-x * x)'), ret('-2.0 * x * exp(-x * x)')];
    case 'relu_pow': {
      const p = param ?? 2;
      if (!Number.isInteger(p) || p < 1 || p > 5) throw new NnspectraError('INVALID_PARAMETER', `relu_pow power must be an integer in [1, 5] (got ${p})`, 'activation');
      const pow = (k: number) => (k === 0 ? '1.0' : Array.from({ length: k }, () => 'r').join(' * '));
      return [`  let r = max(x, 0.0);\n  return ${pow(p)};`, `  let r = max(x, 0.0);\n  return ${p === 1 ? 'select(0.0, 1.0, x > 0.0)' : `${lit(p)} * ${pow(p - 1)}`};`];
    }
    case 'identity':
      return [ret('x'), ret('1.0')];
    default:
      throw new NnspectraError('INVALID_PARAMETER', `activation must be a known built-in (got ${JSON.stringify(name)})`, 'activation');
  }
}

/** Straight-line SSA emission of an expression; with `deriv`, forward-mode dual numbers. */
class Emitter {
  lines: string[] = [];
  private n = 0;
  constructor(private readonly deriv: boolean) {}

  private tmp(e: string): string {
    const name = `t${this.n++}`;
    this.lines.push(`  let ${name} = ${e};`);
    return name;
  }

  /** Returns [value, derivative] expressions (derivative '0.0' when not tracked). */
  emit(e: Expr): [string, string] {
    const D = this.deriv;
    switch (e.type) {
      case 'num':
        return [lit(e.value), '0.0'];
      case 'x':
        return ['x', '1.0'];
      case 'neg': {
        const [v, d] = this.emit(e.arg);
        return [this.tmp(`-${v}`), D ? this.tmp(`-${d}`) : '0.0'];
      }
      case 'bin': {
        const [a, da] = this.emit(e.left);
        if (e.op === '^' && e.right.type === 'num') {
          const c = e.right.value;
          const v = this.tmp(`nn_pow(${a}, ${lit(c)})`);
          if (!D) return [v, '0.0'];
          return [v, c === 0 ? '0.0' : this.tmp(`${lit(c)} * nn_pow(${a}, ${lit(c - 1)}) * ${da}`)];
        }
        const [b, db] = this.emit(e.right);
        switch (e.op) {
          case '+':
            return [this.tmp(`${a} + ${b}`), D ? this.tmp(`${da} + ${db}`) : '0.0'];
          case '-':
            return [this.tmp(`${a} - ${b}`), D ? this.tmp(`${da} - ${db}`) : '0.0'];
          case '*':
            return [this.tmp(`${a} * ${b}`), D ? this.tmp(`${da} * ${b} + ${a} * ${db}`) : '0.0'];
          case '/': {
            const v = this.tmp(`${a} / ${b}`);
            return [v, D ? this.tmp(`(${da} - ${v} * ${db}) / ${b}`) : '0.0'];
          }
          case '^': {
            const v = this.tmp(`nn_pow(${a}, ${b})`);
            return [v, D ? this.tmp(`${v} * (${db} * log(${a}) + ${b} * ${da} / ${a})`) : '0.0'];
          }
        }
        throw new NnspectraError('INVALID_PARAMETER', `activation has an unknown operator`, 'activation');
      }
      case 'call': {
        const [a, da] = this.emit(e.arg);
        switch (e.fn) {
          case 'exp': {
            const v = this.tmp(`exp(${a})`);
            return [v, D ? this.tmp(`${v} * ${da}`) : '0.0'];
          }
          case 'log':
            return [this.tmp(`log(${a})`), D ? this.tmp(`${da} / ${a}`) : '0.0'];
          case 'sqrt': {
            const v = this.tmp(`sqrt(${a})`);
            return [v, D ? this.tmp(`${da} / (2.0 * ${v})`) : '0.0'];
          }
          case 'abs':
            return [this.tmp(`abs(${a})`), D ? this.tmp(`sign(${a}) * ${da}`) : '0.0'];
          case 'tanh': {
            const v = this.tmp(`nn_tanh(${a})`);
            return [v, D ? this.tmp(`(1.0 - ${v} * ${v}) * ${da}`) : '0.0'];
          }
          case 'erf':
            return [this.tmp(`nn_erf(${a})`), D ? this.tmp(`NN_TWO_OVER_SQRT_PI * exp(-${a} * ${a}) * ${da}`) : '0.0'];
          case 'sin': {
            const sc = this.tmp(`nn_sincos(${a})`);
            return [this.tmp(`${sc}.x`), D ? this.tmp(`${sc}.y * ${da}`) : '0.0'];
          }
          case 'cos': {
            const sc = this.tmp(`nn_sincos(${a})`);
            return [this.tmp(`${sc}.y`), D ? this.tmp(`-${sc}.x * ${da}`) : '0.0'];
          }
          case 'sigmoid': {
            const v = this.tmp(`nn_sigmoid(${a})`);
            return [v, D ? this.tmp(`${v} * (1.0 - ${v}) * ${da}`) : '0.0'];
          }
          // Piecewise constant: derivative 0 almost everywhere, as in the CPU twin.
          case 'sign':
            return [this.tmp(`sign(${a})`), '0.0'];
          case 'step':
            return [this.tmp(`select(0.0, 1.0, ${a} > 0.0)`), '0.0'];
        }
        throw new NnspectraError('INVALID_PARAMETER', `activation has an unknown function`, 'activation');
      }
      case 'call2': {
        const [a, da] = this.emit(e.left);
        const [b, db] = this.emit(e.right);
        if (e.fn === 'max') return [this.tmp(`max(${a}, ${b})`), D ? this.tmp(`select(${db}, ${da}, ${a} >= ${b})`) : '0.0'];
        return [this.tmp(`min(${a}, ${b})`), D ? this.tmp(`select(${db}, ${da}, ${a} <= ${b})`) : '0.0'];
      }
    }
  }
}

function exprBodies(ast: Expr): [string, string] {
  const ev = new Emitter(false);
  const [v] = ev.emit(ast);
  const ed = new Emitter(true);
  const [, d] = ed.emit(ast);
  return [[...ev.lines, ret(v)].join('\n'), [...ed.lines, ret(d)].join('\n')];
}
