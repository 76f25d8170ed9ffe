import { describe, expect, it } from 'vitest';
import { roundoffBound, theorySpectrum } from '../../src/theory/spectrum.js';
import { harmonicDimension } from '../../src/sphere/gegenbauer.js';

describe('theory D_l is non-negative and exact to the stated roundoff', () => {
  it('D_l >= 0 everywhere and no clipped value exceeded the rounding bound', () => {
    for (const activation of ['tanh', 'relu', 'sin', 'cos', 'gelu', 'x*tanh(x)'])
      for (const dim of [2, 3, 5, 8])
        for (const lmax of [24, 160]) {
          const r = theorySpectrum({ activation, depths: [1, 4, 20], dim, lmax });
          expect(r.roundoff).toBe(roundoffBound(harmonicDimension(dim, lmax), r.nodes));
          expect(r.warnings.filter((w) => w.includes('rounding bound'))).toEqual([]);
          for (const s of r.depths) for (const v of s.D) expect(v).toBeGreaterThanOrEqual(0);
        }
  });

  it('ReLU at depth 1 on S²: every D_l within roundoff of the closed form, exact zeros at odd l >= 3', () => {
    const r = theorySpectrum({ activation: 'relu', depths: [1], dim: 3, lmax: 200 });
    const want = [3 / 8, 1 / 2, 15 / 128, 0, 3 / 512, 0, 39 / 32768, 0, 51 / 131072];
    const D = r.depths[0].D;
    expect(r.roundoff).toBeGreaterThan(0);
    expect(r.roundoff).toBeLessThan(1e-12);
    want.forEach((w, l) => expect(Math.abs(D[l] - w)).toBeLessThanOrEqual(r.roundoff));
    for (let l = 3; l <= 200; l += 2) expect(D[l]).toBeLessThanOrEqual(r.roundoff);
  });

  it('odd activations without bias: even degrees are 0 (by symmetry) on several spheres', () => {
    for (const dim of [3, 5]) {
      const r = theorySpectrum({ activation: 'tanh', depths: [2], dim, lmax: 40 });
      for (let l = 0; l <= 40; l += 2) expect(r.depths[0].D[l]).toBe(0);
    }
  });
});
