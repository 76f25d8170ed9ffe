import { describe, expect, it } from 'vitest';
import { sphereGrid } from '../../src/sphere/grid.js';
import { legendreColumn, lmIndex } from '../../src/sphere/legendre.js';
import { CORRECTION_SCALE, halfRingTable, halfRings, recurrenceTable, SCALE_BITS, sectoralSeeds } from '../../src/sphere/legendre-scaled.js';

describe('inputs of the on-the-fly Legendre kernels', () => {
  const lmax = 300;
  const g = sphereGrid(lmax);
  const nh = halfRings(g.nlat);
  const seeds = sectoralSeeds(g, lmax);
  const rec = recurrenceTable(lmax);
  const ring = halfRingTable(g);

  it('seeds decode to λ_mm (extended range below 2^-64, mantissa in [2^-64, 1))', () => {
    let checked = 0;
    for (let h = 0; h < nh; h += 5) {
      const col = legendreColumn(g.x[g.nlat - 1 - h], lmax);
      for (let m = 0; m <= lmax; m += 7) {
        const p = seeds[2 * (m * nh + h)], k = seeds[2 * (m * nh + h) + 1];
        expect(Number.isInteger(k) && k <= 0).toBe(true);
        if (k < 0) expect(p >= 2 ** -SCALE_BITS && p < 1).toBe(true);
        const want = col[lmIndex(m, m, lmax)];
        if (want > 1e-290) {
          expect(Math.abs(p * 2 ** (SCALE_BITS * k) - want) / want).toBeLessThan(1e-7);
          checked++;
        } else expect(k).toBeLessThan(0);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the kernels’ scaled recursion (run here in float64) reproduces λ_ℓm, the polar rings included', () => {
    // Same steps as shaders/lib/legendre-fly.wgsl: rescale by 2^-64 past 2^32 while k < 0; a
    // value counts from k = 0 on. Float64 arithmetic isolates the scaling logic from f32 rounding.
    let maxErr = 0;
    let rescaled = 0;
    for (const h of [0, 1, 10, 75, nh - 1]) {
      const x = ring[4 * h] + ring[4 * h + 2] / CORRECTION_SCALE;
      const col = legendreColumn(g.x[g.nlat - 1 - h], lmax);
      for (const m of [0, 3, 60, 150, 299]) {
        let p0 = 0, p1 = seeds[2 * (m * nh + h)], k = seeds[2 * (m * nh + h) + 1];
        for (let l = m; l <= lmax; l++) {
          if (l > m) {
            const i = lmIndex(l, m, lmax);
            const p2 = rec[2 * i] * (x * p1 - rec[2 * i + 1] * p0);
            p0 = p1;
            p1 = p2;
            if (k < 0 && Math.abs(p1) > 2 ** 32) {
              p0 *= 2 ** -64;
              p1 *= 2 ** -64;
              k++;
              rescaled++;
            }
          }
          const v = k === 0 ? p1 : 0;
          maxErr = Math.max(maxErr, Math.abs(v - col[lmIndex(l, m, lmax)]) / Math.sqrt((2 * l + 1) / (4 * Math.PI)));
        }
      }
    }
    expect(rescaled).toBeGreaterThan(0);
    // The f32-rounded coefficients, amplified near the poles, leave about 2e-5; a wrong scaling
    // step would be off by factors of 2^64.
    expect(maxErr).toBeLessThan(1e-4);
  });
});
