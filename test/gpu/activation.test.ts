import { afterAll, describe, expect, it } from 'vitest';
import { releaseDevice } from '../../src/gpu/device.js';
import { evalActivationGpu } from '../../src/gpu/activation-eval.js';
import { activationWgsl } from '../../src/gpu/activation-wgsl.js';
import { BUILTIN_ACTIVATIONS, type ActivationSpec } from '../../src/theory/activation-spec.js';
import type { Expr } from '../../src/theory/expr-ast.js';
import { activationFn, parseActivation } from '../../src/theory/activations.js';

afterAll(releaseDevice);

// Independent float64 references: erf by its Maclaurin series / the erfc continued fraction.
function erf64(x: number): number {
  const a = Math.abs(x);
  if (a < 3) {
    let t = x;
    let s = x;
    for (let n = 1; n < 80; n++) {
      t *= (-x * x) / n;
      s += t / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * s;
  }
  let k = a;
  for (let j = 80; j >= 1; j--) k = a + j / 2 / k;
  return Math.sign(x) * (1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * k));
}
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const Phi = (x: number) => 0.5 * (1 + erf64(x / Math.SQRT2));
const pdf = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);

const REF: Record<string, [(x: number, p: number) => number, (x: number, p: number) => number, number]> = {
  relu: [(x) => Math.max(x, 0), (x) => (x > 0 ? 1 : 0), 0],
  leaky_relu: [(x, a) => (x > 0 ? x : a * x), (x, a) => (x > 0 ? 1 : a), 0.2],
  abs: [(x) => Math.abs(x), (x) => Math.sign(x), 0],
  step: [(x) => (x > 0 ? 1 : 0), () => 0, 0],
  tanh: [(x) => Math.tanh(x), (x) => 1 - Math.tanh(x) ** 2, 0],
  erf: [erf64, (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x), 0],
  sigmoid: [sig, (x) => sig(x) * (1 - sig(x)), 0],
  gelu: [(x) => x * Phi(x), (x) => Phi(x) + x * pdf(x), 0],
  silu: [(x) => x * sig(x), (x) => sig(x) * (1 + x * (1 - sig(x))), 0],
  elu: [(x, a) => (x > 0 ? x : a * Math.expm1(x)), (x, a) => (x > 0 ? 1 : a * Math.exp(x)), 1.5],
  softplus: [(x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), sig, 0],
  sin: [Math.sin, Math.cos, 0],
  cos: [Math.cos, (x) => -Math.sin(x), 0],
  gaussian: [(x) => Math.exp(-x * x), (x) => -2 * x * Math.exp(-x * x), 0],
  relu_pow: [(x, p) => Math.max(x, 0) ** p, (x, p) => p * Math.max(x, 0) ** (p - 1), 3],
  identity: [(x) => x, () => 1, 0],
};

const xs: number[] = [];
for (let i = 0; i <= 1600; i++) xs.push(Math.fround(-8 + i / 100 + 0.003));
xs.push(0.5, -0.5, 1e-3, -1e-3, 1e-6, 0.999, 1.001, -20, 20, 60);

function maxErr(got: Float32Array, want: (x: number) => number): number {
  let e = 0;
  for (let i = 0; i < xs.length; i++) {
    const w = want(xs[i]);
    e = Math.max(e, Math.abs(got[i] - w) / Math.max(1, Math.abs(w)));
  }
  return e;
}

describe('activation WGSL against float64', () => {
  it('covers every built-in', () => {
    expect(Object.keys(REF).sort()).toEqual([...BUILTIN_ACTIVATIONS].sort());
  });

  for (const name of BUILTIN_ACTIVATIONS) {
    it(`${name}: phi and phi' within 3e-6 (relative to max(1, |value|))`, async () => {
      const [f, df, p] = REF[name];
      const spec: ActivationSpec = p ? { kind: 'builtin', name, param: p } : { kind: 'builtin', name };
      const { value, deriv } = await evalActivationGpu(spec, xs);
      expect(maxErr(value, (x) => f(x, p))).toBeLessThan(3e-6);
      expect(maxErr(deriv, (x) => df(x, p))).toBeLessThan(3e-6);
      // Same conventions as the theory engine's float64 φ, φ' (parameter defaults included).
      const fn = activationFn(spec);
      expect(maxErr(value, fn.phi)).toBeLessThan(3e-6);
      expect(maxErr(deriv, fn.dphi)).toBeLessThan(3e-6);
      const dflt = await evalActivationGpu({ kind: 'builtin', name }, xs);
      expect(maxErr(dflt.value, activationFn({ kind: 'builtin', name }).phi)).toBeLessThan(3e-6);
    });
  }

  it('parsed expressions: the WGSL derivative matches the theory engine\'s symbolic one', async () => {
    for (const src of ['x*erf(x) - 0.5*abs(x)^1.5', 'log(1 + exp(x)) / (1 + x^2)', 'sqrt(x^2 + 1) * cos(3*x)', 'min(x, 2) * sigmoid(2*x)', 'step(x - 0.3) * x + sign(x) * x^2']) {
      const spec = parseActivation(src);
      const fn = activationFn(spec);
      const { value, deriv } = await evalActivationGpu(spec, xs);
      // f32 rounding of inner arguments (3x up to 24) limits these to a few 1e-6 relative.
      expect(maxErr(value, fn.phi), src).toBeLessThan(3e-5);
      const keep = xs.map((t) => Math.abs(t - 2) > 1e-3 && Math.abs(t) > 1e-3);
      let e = 0;
      xs.forEach((t, i) => {
        if (keep[i]) e = Math.max(e, Math.abs(deriv[i] - fn.dphi(t)) / Math.max(1, Math.abs(fn.dphi(t))));
      });
      expect(e, src).toBeLessThan(3e-5);
    }
  });

  it('emits user expressions and their exact derivative', async () => {
    const x: Expr = { type: 'x' };
    const num = (value: number): Expr => ({ type: 'num', value });
    // x * tanh(x) + 0.5 * sin(2x) - max(x, -1)^2 / (1 + exp(-x)) + erf(x) / sqrt(1 + x^2) + sigmoid(x) ^ 3
    const ast: Expr = {
      type: 'bin', op: '+',
      left: {
        type: 'bin', op: '-',
        left: {
          type: 'bin', op: '+',
          left: { type: 'bin', op: '*', left: x, right: { type: 'call', fn: 'tanh', arg: x } },
          right: { type: 'bin', op: '*', left: num(0.5), right: { type: 'call', fn: 'sin', arg: { type: 'bin', op: '*', left: num(2), right: x } } },
        },
        right: {
          type: 'bin', op: '/',
          left: { type: 'bin', op: '^', left: { type: 'call2', fn: 'max', left: x, right: { type: 'neg', arg: num(1) } }, right: num(2) },
          right: { type: 'bin', op: '+', left: num(1), right: { type: 'call', fn: 'exp', arg: { type: 'neg', arg: x } } },
        },
      },
      right: {
        type: 'bin', op: '+',
        left: { type: 'bin', op: '/', left: { type: 'call', fn: 'erf', arg: x }, right: { type: 'call', fn: 'sqrt', arg: { type: 'bin', op: '+', left: num(1), right: { type: 'bin', op: '^', left: x, right: num(2) } } } },
        right: { type: 'bin', op: '^', left: { type: 'call', fn: 'sigmoid', arg: x }, right: num(3) },
      },
    };
    const f = (t: number) =>
      t * Math.tanh(t) + 0.5 * Math.sin(2 * t) - Math.max(t, -1) ** 2 / (1 + Math.exp(-t)) + erf64(t) / Math.sqrt(1 + t * t) + sig(t) ** 3;
    const h = 1e-5;
    const df = (t: number) => (f(t + h) - f(t - h)) / (2 * h);
    const spec: ActivationSpec = { kind: 'expr', source: 'test', ast };
    expect(activationWgsl(spec)).toMatch(/fn act_deriv/);
    const { value, deriv } = await evalActivationGpu(spec, xs);
    expect(maxErr(value, f)).toBeLessThan(1e-5);
    // Central differences in float64 are good to ~1e-9 away from the kink of max(x, -1) at -1.
    const keep = xs.map((t) => Math.abs(t + 1) > 1e-3);
    let e = 0;
    xs.forEach((t, i) => {
      if (keep[i]) e = Math.max(e, Math.abs(deriv[i] - df(t)) / Math.max(1, Math.abs(df(t))));
    });
    expect(e).toBeLessThan(1e-5);
  });
});
