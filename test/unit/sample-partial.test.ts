import { describe, expect, it } from 'vitest';
import { sampleSpectrum, type SamplePartial } from '../../src/sample/sample.js';

describe('sampleSpectrum partial spectra', () => {
  it.each([0, 1, 2])('after k networks equal a run of k networks (seed %i)', async (seed) => {
    const p = { activation: 'tanh', depth: 2, width: 8, networks: 4, lmax: 4, seed, backend: 'cpu' as const };
    const partials: SamplePartial[] = [];
    const full = await sampleSpectrum(p, { onPartial: (s) => partials.push(s) });
    expect(partials.map((s) => s.networks)).toEqual([1, 2, 3, 4]);
    expect(partials.every((s) => s.total === 4)).toBe(true);
    expect(partials[3].D).toEqual(full.D);
    expect(partials[3].Dse).toEqual(full.Dse);
    const two = await sampleSpectrum({ ...p, networks: 2 });
    expect(partials[1].D).toEqual(two.D);
    expect(partials[1].Dse).toEqual(two.Dse);
    expect(partials[1].meanSquare).toBe(two.meanSquare);
  });
});
