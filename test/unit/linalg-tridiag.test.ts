import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bisectionEigenvalues, countBelow } from '../../src/linalg/cpu/sturm.js';
import { tridiagonalEigen } from '../../src/linalg/cpu/tridiag-eigen.js';
import { rng } from './linalg-fixtures.js';

/** Tridiagonal Toeplitz (a on the diagonal, b off it): λ_k = a + 2b cos(kπ/(n+1)), k = 1..n. */
function toeplitzValues(n: number, a: number, b: number): number[] {
  return Array.from({ length: n }, (_, k) => a + 2 * b * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((x, y) => x - y);
}

const solvers = {
  QL: (d: Float64Array, e: Float64Array) => tridiagonalEigen(d, e, 'none').values,
  bisection: bisectionEigenvalues,
};

describe('tridiagonal QL and bisection', () => {
  it.each(
    (['QL', 'bisection'] as const).flatMap((solver) =>
      [
        [200, 0, 1],
        [150, 0, 1e-200],
        [100, 3, 1e-9],
        [300, -1, 0.5],
      ].map(([n, a, b]) => [solver, n, a, b] as const),
    ),
  )('%s: Toeplitz n=%d a=%g b=%g matches the closed form (zero diagonal included)', (solver, n, a, b) => {
    const d = new Float64Array(n).fill(a);
    const e = new Float64Array(n - 1).fill(b);
    const values = solvers[solver](d, e);
    const want = toeplitzValues(n, a, b);
    const scale = Math.abs(a) + 2 * Math.abs(b);
    for (let i = 0; i < n; i++) expect(Math.abs(values[i] - want[i])).toBeLessThan(1e-13 * scale);
  });

  it('splits where both neighbours are zero and the coupling is negligible', () => {
    // Blocks of zeros coupled by couplings far below EPS·‖T‖ but far above underflow.
    const n = 61; // node 0 alone, then twenty 3-chains
    const d = new Float64Array(n);
    const e = new Float64Array(n - 1).map((_, i) => (i % 3 === 0 ? 1e-40 : 1));
    const { values } = tridiagonalEigen(d, e, 'none');
    expect(values.every(Number.isFinite)).toBe(true);
    // Each unit-coupled pair of a 3-chain (0,1,1 pattern) gives ±√2 and 0 up to the tiny links.
    const big = [...values].filter((v) => Math.abs(v) > 0.5).map(Math.abs);
    for (const v of big) expect(Math.abs(v - Math.SQRT2)).toBeLessThan(1e-12);
  });
});

describe('tridiagonal bisection (the twin of bisect.wgsl)', () => {
  it('agrees with QL on random tridiagonals at any scale, zeros and repeated values included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(1, 1e-280, 1e280),
        (n, seed, s) => {
          const r = rng(seed);
          // Some entries exactly zero (split blocks) and some repeated.
          const d = Float64Array.from({ length: n }, () => (r() < 0.2 ? 0 : r() < 0.2 ? 0.5 : r() - 0.5) * s);
          const e = Float64Array.from({ length: Math.max(0, n - 1) }, () => (r() < 0.2 ? 0 : r() - 0.5) * s);
          const want = tridiagonalEigen(d, e, 'none').values;
          const got = bisectionEigenvalues(d, e);
          const scale = Math.max(...Array.from(want, Math.abs), 1e-300 * s);
          for (let i = 0; i < n; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-13 * scale);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts eigenvalues below x (Sturm) like the sorted spectrum does', () => {
    const n = 40;
    const r = rng(3);
    const d = Float64Array.from({ length: n }, () => r() - 0.5);
    const e = Float64Array.from({ length: n - 1 }, () => r() - 0.5);
    const values = tridiagonalEigen(d, e, 'none').values;
    for (let t = 0; t < 50; t++) {
      const x = 2 * (r() - 0.5);
      const below = values.filter((v) => v < x).length;
      const near = values.some((v) => Math.abs(v - x) < 1e-12);
      if (!near) expect(countBelow(d, e, x)).toBe(below);
    }
    expect(bisectionEigenvalues(new Float64Array(5), new Float64Array(4))).toEqual(new Float64Array(5));
  });
});
