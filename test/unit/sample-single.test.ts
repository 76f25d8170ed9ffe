import { describe, expect, it } from 'vitest';
import { sampleSpectrum } from '../../src/sample/sample.js';
import { compareWithTheory } from '../../src/sample/spectra.js';

describe('one network has no standard error', () => {
  it('z and max |z| are null, the deviation from theory is still reported', async () => {
    const r = await sampleSpectrum({ activation: 'tanh', depth: 2, width: 16, networks: 1, lmax: 4, backend: 'cpu' });
    expect(r.z).not.toBeNull();
    expect(r.z!.every((v) => v === null)).toBe(true);
    expect(r.maxAbsZ).toBeNull();
    expect(r.maxRelDev).toBeGreaterThan(0);
    expect(Number.isFinite(r.maxRelDev!)).toBe(true);
  });

  it('two or more networks are scored; the same numbers with one network are not', () => {
    const D = [0.5, 0.3, 0.2];
    const Dse = [0.01, 0.02, 0.0];
    const theory = [0.52, 0.3, 0.18];
    const two = compareWithTheory(D, Dse, theory, 2);
    expect(two.z[0]).toBeCloseTo(-2, 12);
    expect(two.z[1]).toBeCloseTo(0, 12);
    expect(two.z[2]).toBe(Infinity);
    expect(two.maxAbsZ).toBe(Infinity);
    const one = compareWithTheory(D, Dse, theory, 1);
    expect(one.z).toEqual([null, null, null]);
    expect(one.maxAbsZ).toBeNull();
    expect(one.maxRelDev).toBeCloseTo(two.maxRelDev!, 15);
  });
});
