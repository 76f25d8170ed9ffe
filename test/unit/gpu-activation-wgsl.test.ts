import { describe, expect, it } from 'vitest';
import { activationFunctionsWgsl, activationWgsl } from '../../src/gpu/activation-wgsl.js';
import { BUILTIN_ACTIVATIONS } from '../../src/theory/activation-spec.js';
import { parseActivation } from '../../src/theory/activations.js';

describe('activation WGSL emission', () => {
  it('defines act and act_deriv once for every built-in, with the helpers', () => {
    for (const name of BUILTIN_ACTIVATIONS) {
      const w = activationWgsl({ kind: 'builtin', name });
      expect(w.match(/fn act\(x: f32\) -> f32/g)).toHaveLength(1);
      expect(w.match(/fn act_deriv\(x: f32\) -> f32/g)).toHaveLength(1);
      expect(w).toContain('fn nn_erf(');
      expect(activationFunctionsWgsl({ kind: 'builtin', name })).not.toContain('fn nn_erf(');
    }
  });

  it('bakes parameters in as f32 literals', () => {
    expect(activationFunctionsWgsl({ kind: 'builtin', name: 'leaky_relu', param: 0.25 })).toContain('select(0.25 * x, x, x > 0.0)');
    expect(activationFunctionsWgsl({ kind: 'builtin', name: 'relu_pow', param: 3 })).toMatch(/return r \* r \* r;/);
    expect(() => activationFunctionsWgsl({ kind: 'builtin', name: 'relu_pow', param: 7 })).toThrow(/relu_pow power must be an integer/);
  });

  it('emits expressions as straight-line code, never the source text', () => {
    const w = activationFunctionsWgsl(parseActivation('x*tanh(x) - 2^x'));
    expect(w).toMatch(/let t\d+ = nn_tanh\(x\);/);
    expect(w).toContain('nn_pow(2.0, x)');
    // The derivative of a^b with a variable exponent uses log(a).
    expect(w).toMatch(/log\(2\.0\)/);
    // The source only appears in the comment line.
    expect(w.split('\n').filter((l) => l.includes('x*tanh(x)'))).toHaveLength(1);
  });
});
