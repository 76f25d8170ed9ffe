import { describe, expect, it } from 'vitest';
import { activationFn, activationLabel, parseActivation } from '../../src/theory/activations.js';
import { BUILTIN_ACTIVATIONS, type ActivationSpec } from '../../src/theory/activation-spec.js';
import { activationMoments, resolveVariances } from '../../src/theory/variances.js';
import { gaussianExpectation } from '../../src/theory/gauss.js';
import { erf, erfc } from '../../src/theory/special.js';
import { NnspectraError } from '../../src/errors.js';

function badParam(fn: () => unknown, param: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NnspectraError);
    expect((e as NnspectraError).code).toBe('INVALID_PARAMETER');
    expect((e as NnspectraError).message.startsWith(`${param} must be `)).toBe(true);
    return;
  }
  throw new Error('expected an error');
}

describe('special functions', () => {
  it('erf/erfc agree with tabulated values (Abramowitz–Stegun / DLMF)', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(-1)).toBeCloseTo(-0.8427007929497149, 15);
    expect(erf(2.4)).toBeCloseTo(0.9993114861033550, 15);
    expect(erf(3)).toBeCloseTo(0.9999779095030014, 15);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 13);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 13);
    // erf is odd and monotone
    for (let x = 0; x < 7; x += 0.173) {
      expect(erf(-x)).toBe(-erf(x));
      expect(erf(x + 0.01)).toBeGreaterThanOrEqual(erf(x));
    }
  });
});

describe('parseActivation', () => {
  it('reads names, parameters and expressions', () => {
    expect(parseActivation('relu')).toEqual({ kind: 'builtin', name: 'relu' });
    expect(parseActivation(' TANH ')).toEqual({ kind: 'builtin', name: 'tanh' });
    expect(parseActivation('leaky_relu:0.2')).toEqual({ kind: 'builtin', name: 'leaky_relu', param: 0.2 });
    expect(parseActivation('elu:1.5')).toEqual({ kind: 'builtin', name: 'elu', param: 1.5 });
    expect(parseActivation('relu_pow:3')).toEqual({ kind: 'builtin', name: 'relu_pow', param: 3 });
    expect(parseActivation('heaviside')).toEqual({ kind: 'builtin', name: 'step' });
    const e = parseActivation('x*tanh(x)');
    expect(e.kind).toBe('expr');
    expect(parseActivation('x').kind).toBe('expr');
    expect(activationLabel(parseActivation('leaky_relu'))).toBe('leaky_relu:0.01');
    expect(activationLabel(parseActivation('x*tanh(x)'))).toBe('x*tanh(x)');
  });

  it('rejects unknown names and bad parameters', () => {
    for (const s of ['relux', 'relu_pow:7', 'relu_pow:1.5', 'elu:-1', 'tanh:2', 'leaky_relu:abc', 'leaky_relu:', 'x+', '']) badParam(() => parseActivation(s), 'activation');
  });
});

describe('activationFn', () => {
  it("φ' matches central differences for every built-in (away from kinks)", () => {
    const specs: ActivationSpec[] = BUILTIN_ACTIVATIONS.map((name) => ({ kind: 'builtin', name }));
    specs.push(parseActivation('leaky_relu:0.3'), parseActivation('elu:2'), parseActivation('relu_pow:4'), parseActivation('x*sigmoid(x)'));
    for (const s of specs) {
      const { phi, dphi } = activationFn(s);
      for (const x of [-2.3, -0.7, 0.35, 1.9, 4.1]) {
        const h = 1e-6;
        expect(dphi(x)).toBeCloseTo((phi(x + h) - phi(x - h)) / (2 * h), 6);
      }
    }
  });
});

describe('Gaussian moments', () => {
  it('closed-form E[φ(√q Z)²], E[φ\'(√q Z)²] agree with quadrature', () => {
    const names = ['relu', 'leaky_relu:0.2', 'abs', 'identity', 'relu_pow:3', 'relu_pow:5', 'erf', 'sin', 'cos', 'gaussian'];
    for (const n of names) {
      const spec = parseActivation(n);
      const { phi, dphi } = activationFn(spec);
      for (const q of [0.3, 1, 2.5]) {
        const s = Math.sqrt(q);
        const exact = activationMoments(spec, q);
        const m2 = gaussianExpectation((z) => phi(s * z) ** 2);
        const d2 = gaussianExpectation((z) => dphi(s * z) ** 2);
        expect(Math.abs(exact.m2 - m2)).toBeLessThan(1e-13 * Math.max(1, m2));
        expect(Math.abs(exact.d2 - d2)).toBeLessThan(1e-13 * Math.max(1, d2));
      }
    }
  });
});

describe('resolveVariances', () => {
  it('normalized mode has unit layer variance', () => {
    const v = resolveVariances(parseActivation('relu'), { sigmaB2: 0.25 });
    expect(v).toEqual({ mode: 'normalized', sIn: 0.75, sigmaW2: 1.5, sigmaB2: 0.25 });
    const t = resolveVariances(parseActivation('tanh'));
    const m2 = gaussianExpectation((z) => Math.tanh(z) ** 2);
    expect(t.sigmaW2 * m2).toBeCloseTo(1, 14);
  });
  it('raw mode keeps the given variances', () => {
    expect(resolveVariances(parseActivation('tanh'), { mode: 'raw', sigmaW2: 2, sigmaB2: 0.1 })).toEqual({ mode: 'raw', sIn: 2, sigmaW2: 2, sigmaB2: 0.1 });
  });
  it('rejects bad variances and degenerate activations', () => {
    const relu = parseActivation('relu');
    badParam(() => resolveVariances(relu, { sigmaB2: 1 }), 'sigma-b2');
    badParam(() => resolveVariances(relu, { sigmaB2: -0.1 }), 'sigma-b2');
    badParam(() => resolveVariances(relu, { sigmaW2: 2 }), 'sigma-w2');
    badParam(() => resolveVariances(relu, { mode: 'raw', sigmaW2: -1 }), 'sigma-w2');
    badParam(() => resolveVariances(relu, { mode: 'raw', sigmaW2: 1, sigmaB2: NaN }), 'sigma-b2');
    badParam(() => resolveVariances(parseActivation('0*x'), {}), 'activation');
    badParam(() => resolveVariances(parseActivation('log(x)'), {}), 'activation');
    badParam(() => resolveVariances(parseActivation('exp(x^2)'), {}), 'activation');
  });
});
