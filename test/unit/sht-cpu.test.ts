import { describe, expect, it } from 'vitest';
import { gridIntegrate, gridPoints, sphereGrid } from '../../src/sphere/grid.js';
import { legendreColumn, lmCount, lmIndex } from '../../src/sphere/legendre.js';
import { shtAnalysis, shtPower, shtPowerSum, shtSynthesis } from '../../src/sphere/sht-cpu.js';
import { normalAt } from '../../src/rng/philox.js';

// Γ(a + 1/2) for integer a, and ∫_{S²} x^{2a} y^{2b} z^{2c} dΩ = 2 Γ(a+½)Γ(b+½)Γ(c+½) / Γ(a+b+c+3/2).
const gHalf = (a: number) => {
  let g = Math.sqrt(Math.PI);
  for (let k = 0; k < a; k++) g *= k + 0.5;
  return g;
};
const moment = (a: number, b: number, c: number) => (2 * gHalf(a) * gHalf(b) * gHalf(c)) / (gHalf(a + b + c + 1));

describe('Gauss–Legendre × equiangular grid', () => {
  it('integrates monomials of degree ≤ 2 lmax + 1 exactly and not degree 2 lmax + 2', () => {
    const lmax = 8;
    const g = sphereGrid(lmax);
    const P = gridPoints(g);
    const M = g.nlat * g.nlon;
    const integ = (a: number, b: number, c: number) => {
      const f = new Float64Array(M);
      for (let p = 0; p < M; p++) f[p] = P[3 * p] ** a * P[3 * p + 1] ** b * P[3 * p + 2] ** c;
      return gridIntegrate(g, f);
    };
    expect(integ(0, 0, 0)).toBeCloseTo(4 * Math.PI, 13);
    for (const [a, b, c] of [[2, 3, 3], [0, 0, 8], [4, 0, 4], [1, 1, 6], [8, 0, 0], [0, 8, 0]]) {
      expect(Math.abs(integ(2 * a, 2 * b, 2 * c) - moment(a, b, c))).toBeLessThan(1e-13);
    }
    expect(Math.abs(integ(3, 5, 9))).toBeLessThan(1e-14);
    // One degree beyond exactness the rule is visibly off.
    expect(Math.abs(integ(0, 0, 18) - moment(0, 0, 9))).toBeGreaterThan(1e-8);
  });
});

describe('orthonormal associated Legendre functions', () => {
  it('match closed forms of the real spherical harmonics', () => {
    const lmax = 4;
    for (const x of [-0.9, -0.3, 0.2, 0.77]) {
      const s = Math.sqrt(1 - x * x);
      const L = legendreColumn(x, lmax);
      const at = (l: number, m: number) => L[lmIndex(l, m, lmax)];
      expect(at(0, 0)).toBeCloseTo(1 / Math.sqrt(4 * Math.PI), 14);
      expect(at(1, 0)).toBeCloseTo(Math.sqrt(3 / (4 * Math.PI)) * x, 14);
      expect(at(1, 1)).toBeCloseTo(Math.sqrt(3 / (8 * Math.PI)) * s, 14);
      expect(at(2, 0)).toBeCloseTo(Math.sqrt(5 / (16 * Math.PI)) * (3 * x * x - 1), 14);
      expect(at(2, 2)).toBeCloseTo(0.25 * Math.sqrt(15 / (2 * Math.PI)) * s * s, 14);
      expect(at(3, 3)).toBeCloseTo(0.125 * Math.sqrt(35 / Math.PI) * s ** 3, 14);
    }
  });
});

function roundTrip(lmax: number): number {
  const g = sphereGrid(lmax);
  const n = lmCount(lmax);
  const a = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    a[2 * i] = normalAt(7, 16, i, lmax, 0, 0);
    // a^s_ℓ0 does not exist in the real basis.
    a[2 * i + 1] = i <= lmax ? 0 : normalAt(7, 16, i, lmax, 1, 0);
  }
  const f = shtSynthesis(g, a, lmax);
  const b = shtAnalysis(g, f, 0, lmax);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < 2 * n; i++) {
    err = Math.max(err, Math.abs(b[i] - a[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return err / scale;
}

describe('SHT synthesis → analysis round trip (float64 twin)', () => {
  it('is exact to rounding at lmax 64', () => {
    expect(roundTrip(64)).toBeLessThan(1e-11);
  });
  it('is exact to rounding at lmax 512', () => {
    expect(roundTrip(512)).toBeLessThan(1e-10);
  });
  it('satisfies Parseval on the grid', () => {
    const lmax = 20;
    const g = sphereGrid(lmax);
    const a = new Float64Array(2 * lmCount(lmax));
    for (let i = 0; i < a.length; i++) a[i] = i % 2 === 1 && i < 2 * (lmax + 1) ? 0 : normalAt(3, 16, i, 0, 0, 0) / (1 + i / 50);
    const f = shtSynthesis(g, a, lmax);
    const energy = gridIntegrate(g, f.map((v) => v * v));
    const power = shtPower(a, lmax).reduce((s, v) => s + v, 0);
    expect(Math.abs(energy - power) / power).toBeLessThan(1e-12);
  });

  it('batched power sums (two matrix products) equal per-field analysis, on a finer grid and at a lower lmax', () => {
    // Three fields band-limited at 24 on the lmax-40 grid, analysed to lmax 30 (fields stored
    // after an offset): shtPowerSum must equal Σ_k shtPower(shtAnalysis(f_k)), and its mean
    // square (1/4π)∫f² summed over fields must equal Σ_ℓ power (Parseval, exact here).
    const band = 24, lmax = 30;
    const g = sphereGrid(40);
    const M = g.nlat * g.nlon;
    const off = 11;
    const f = new Float64Array(off + 3 * M);
    for (let k = 0; k < 3; k++) {
      const a = new Float64Array(2 * lmCount(band));
      for (let i = 0; i < a.length; i++) a[i] = i % 2 === 1 && i < 2 * (band + 1) ? 0 : normalAt(5 + k, 16, i, 0, 0, 0);
      f.set(shtSynthesis(g, a, band), off + k * M);
    }
    const { power, meanSquare } = shtPowerSum(g, f, 3, lmax, off);
    const want = new Float64Array(lmax + 1);
    for (let k = 0; k < 3; k++) {
      const p = shtPower(shtAnalysis(g, f, off + k * M, lmax), lmax);
      for (let l = 0; l <= lmax; l++) want[l] += p[l];
    }
    const total = want.reduce((s, v) => s + v, 0);
    for (let l = 0; l <= lmax; l++) expect(Math.abs(power[l] - want[l])).toBeLessThan(1e-12 * total);
    for (let l = band + 1; l <= lmax; l++) expect(power[l]).toBeLessThan(1e-20 * total);
    expect(Math.abs(meanSquare * 4 * Math.PI - total) / total).toBeLessThan(1e-12);
  });
});
