import { describe, expect, it } from 'vitest';
import { tridiagonalEigen } from '../../src/linalg/cpu/tridiag-eigen.js';

/** Tridiagonal Toeplitz (a on the diagonal, b off it): λ_k = a + 2b cos(kπ/(n+1)), k = 1..n. */
function toeplitzValues(n: number, a: number, b: number): number[] {
  return Array.from({ length: n }, (_, k) => a + 2 * b * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((x, y) => x - y);
}

describe('tridiagonal QL', () => {
  it.each([
    [200, 0, 1],
    [150, 0, 1e-200],
    [100, 3, 1e-9],
    [300, -1, 0.5],
  ])('Toeplitz n=%d a=%g b=%g matches the closed form (zero diagonal included)', (n, a, b) => {
    const d = new Float64Array(n).fill(a);
    const e = new Float64Array(n - 1).fill(b);
    const { values } = tridiagonalEigen(d, e, 'none');
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
