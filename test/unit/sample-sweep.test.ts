import { describe, expect, it } from 'vitest';
import { sampleSpectrum } from '../../src/sample/sample.js';
import { sampleWidthSweep } from '../../src/sample/sweep.js';

describe('width sweeps', () => {
  // tanh at depth 10 is deep in the high-disorder regime, where a finite width visibly moves
  // the spectrum away from the infinite-width limit; the deviation must shrink as n grows.
  it.each([0, 1, 2])('tanh, depth 10, S²: maxRelDev decreases over widths 16, 64, 256 (seed %d)', async (seed) => {
    const r = await sampleWidthSweep({ activation: 'tanh', depth: 10, networks: 16, lmax: 6, seed, backend: 'cpu' }, [16, 64, 256]);
    expect(r.sweep.map((e) => e.width)).toEqual([16, 64, 256]);
    const dev = r.sweep.map((e) => e.maxRelDev!);
    expect(dev[1]).toBeLessThan(dev[0]);
    expect(dev[2]).toBeLessThan(dev[1]);
    // maxRelDev is max |D̂ - D|/D over degrees with D ≥ 1e-8, recomputed from the entry.
    for (const e of r.sweep) {
      const want = Math.max(...e.D.map((d, l) => (r.theoryD![l] >= 1e-8 ? Math.abs(d - r.theoryD![l]) / r.theoryD![l] : 0)));
      expect(e.maxRelDev).toBeCloseTo(want, 12);
    }
  }, 120_000);

  it('each sweep entry is the single-width run with the same seed', async () => {
    const p = { activation: 'relu', depth: 2, networks: 4, lmax: 4, seed: 3, backend: 'cpu' as const };
    const r = await sampleWidthSweep(p, [8, 20]);
    const single = await sampleSpectrum({ ...p, width: 20 });
    expect(r.sweep[1].D).toEqual(single.D);
    expect(r.sweep[1].Dse).toEqual(single.Dse);
    expect(r.sweep[1].z).toEqual(single.z);
    await expect(sampleWidthSweep(p, [8, 8])).rejects.toThrow(/width must be a list without repeats/);
  });
});
