import { describe, expect, it } from 'vitest';
import { elementwise, gemm, gram, matrixReduce, reduceMatrix, svd, transpose } from '../../src/linalg/index.js';
import { gaussian, jacobiEigenvalues, orthoError, withSingularValues } from './linalg-fixtures.js';
import { withSlowClock } from './slow-clock.js';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

function reconstruct(u: Float64Array, s: Float64Array, v: Float64Array, m: number, n: number, k: number): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) a[i * n + j] += u[i * k + p] * s[p] * v[j * k + p];
  return a;
}

describe('svd (cpu twin, float64)', () => {
  it('matches the square roots of a float64 Jacobi eigensolve of AᵀA on well-conditioned input', async () => {
    for (const [m, n] of [[7, 5], [5, 7], [30, 30], [1, 4], [4, 1]]) {
      const a = gaussian(m, n, m * 31 + n);
      const r = await svd(a, m, n, { backend: 'cpu' });
      const g = (await gram(a, m, n, { backend: 'cpu', side: m >= n ? 'AtA' : 'AAt' })).g;
      const ref = Array.from(jacobiEigenvalues(g, Math.min(m, n))).reverse().map((x) => Math.sqrt(Math.max(0, x)));
      expect(r.values.length).toBe(Math.min(m, n));
      expect(maxDiff(r.values, ref)).toBeLessThan(1e-12 * ref[0]);
    }
  });

  it('keeps small singular values to high relative accuracy (σ from 1 down to 1e-10)', async () => {
    // 40×25 bidiagonalises A directly; 25×80 is transposed and goes through a QR first.
    for (const [m, n] of [[40, 25], [25, 80]]) {
      const r0 = Math.min(m, n);
      const s = Float64Array.from({ length: r0 }, (_, i) => 10 ** (-(10 * i) / (r0 - 1)));
      const a = withSingularValues(s, m, n, 1, 2);
      const r = await svd(a, m, n, { backend: 'cpu' });
      for (let i = 0; i < r0; i++) expect(Math.abs(r.values[i] - s[i]) / s[i]).toBeLessThan(1e-5);
      // The bound is absolute ~n·ε·σ_max: 1e-8 and above are accurate to 1e-7 relative.
      for (let i = 0; i < r0; i++) if (s[i] >= 1e-8) expect(Math.abs(r.values[i] - s[i]) / s[i]).toBeLessThan(1e-7);
    }
  });

  it('returns orthonormal top-k vectors that reconstruct the matrix', async () => {
    for (const [m, n] of [[50, 20], [20, 50]]) {
      const a = gaussian(m, n, 9);
      const k = Math.min(m, n);
      const r = await svd(a, m, n, { backend: 'cpu', k });
      expect(orthoError(r.u!, m, k)).toBeLessThan(1e-12);
      expect(orthoError(r.v!, n, k)).toBeLessThan(1e-12);
      expect(maxDiff(reconstruct(r.u!, r.values, r.v!, m, n, k), a)).toBeLessThan(1e-12);
      const r3 = await svd(a, m, n, { backend: 'cpu', k: 3 });
      expect(r3.u!.length).toBe(m * 3);
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += r3.u![i * 3 + j] * r.u![i * k + j];
        expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-10);
      }
    }
  });

  it('handles zero and rank-deficient matrices', async () => {
    const z = await svd(new Float64Array(12), 3, 4, { backend: 'cpu' });
    expect(Array.from(z.values)).toEqual([0, 0, 0]);
    const s = [3, 2, 0, 0, 0];
    const a = withSingularValues(s, 8, 5, 4, 5);
    const r = await svd(a, 8, 5, { backend: 'cpu', k: 2 });
    expect(maxDiff(r.values, s)).toBeLessThan(1e-14 * 3);
    expect(maxDiff(reconstruct(r.u!, r.values, r.v!, 8, 5, 2), a)).toBeLessThan(1e-13);
  });

  it('honours an aborted signal and reports progress', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(svd(gaussian(40, 40, 1), 40, 40, { backend: 'cpu', signal: ac.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    // Progress comes every ~50 ms of work: on a clock where every step takes a slice, a 300×200
    // matrix reports several times on any machine.
    const big = gaussian(300, 200, 2);
    const seen: number[] = [];
    await withSlowClock(() => svd(big, 300, 200, { backend: 'cpu', onProgress: (e) => seen.push(e.done / e.total) }));
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(seen[seen.length - 1]).toBeLessThanOrEqual(1);
    // A timer armed before the call fires during it (the work yields) and cancels it.
    const late = new AbortController();
    setTimeout(() => late.abort(), 0);
    await expect(withSlowClock(() => svd(big, 300, 200, { backend: 'cpu', signal: late.signal }))).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('rejects NaN input and bad k', async () => {
    const a = new Float32Array(6);
    a[2] = NaN;
    await expect(svd(a, 2, 3, { backend: 'cpu' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER', param: 'a' });
    await expect(svd(new Float32Array(6), 2, 3, { backend: 'cpu', k: 3 })).rejects.toMatchObject({ param: 'k' });
  });
});

describe('gemm, gram, reductions (cpu twin)', () => {
  function naive(a: Float64Array, b: Float64Array, m: number, n: number, k: number): Float64Array {
    const c = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j] += a[i * k + p] * b[p * n + j];
    return c;
  }

  it('computes alpha·op(A)·op(B) + beta·C with transposes and batches', async () => {
    const m = 37, n = 300, k = 133, batch = 2;
    const a = gaussian(batch * m * k, 1, 1), b = gaussian(batch * k * n, 1, 2), c0 = gaussian(batch * m * n, 1, 3);
    const at = new Float64Array(a.length), bt = new Float64Array(b.length);
    for (let s = 0; s < batch; s++) {
      at.set(transpose(a.subarray(s * m * k, (s + 1) * m * k), m, k), s * m * k);
      bt.set(transpose(b.subarray(s * k * n, (s + 1) * k * n), k, n), s * k * n);
    }
    const r = await gemm(at, bt, m, n, k, { backend: 'cpu', transA: true, transB: true, alpha: 0.5, beta: -2, c: c0, batch });
    for (let s = 0; s < batch; s++) {
      const ref = naive(a.subarray(s * m * k), b.subarray(s * k * n), m, n, k);
      for (let i = 0; i < m * n; i++) expect(r.c[s * m * n + i]).toBeCloseTo(0.5 * ref[i] - 2 * c0[s * m * n + i], 10);
    }
  });

  it('gram is exactly symmetric and equals AᵀA / AAᵀ', async () => {
    const m = 9, n = 70;
    const a = gaussian(m, n, 4);
    const g1 = await gram(a, m, n, { backend: 'cpu' });
    const g2 = await gram(a, m, n, { backend: 'cpu', side: 'AAt' });
    expect(g1.size).toBe(n);
    expect(g2.size).toBe(m);
    const ref1 = naive(transpose(a, m, n), a, n, n, m);
    const ref2 = naive(a, transpose(a, m, n), m, m, n);
    expect(maxDiff(g1.g, ref1)).toBeLessThan(1e-12);
    expect(maxDiff(g2.g, ref2)).toBeLessThan(1e-12);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(g1.g[i * n + j]).toBe(g1.g[j * n + i]);
  });

  it('reduces rows and columns', () => {
    const a = Float64Array.of(1, -2, 3, 4, 5, -6);
    expect(Array.from(reduceMatrix(a, 2, 3, 'rows', 'sum'))).toEqual([2, 3]);
    expect(Array.from(reduceMatrix(a, 2, 3, 'cols', 'maxabs'))).toEqual([4, 5, 6]);
    expect(Array.from(reduceMatrix(a, 2, 3, 'cols', 'mean'))).toEqual([2.5, 1.5, -1.5]);
    expect(reduceMatrix(a, 2, 3, 'rows', 'norm')[0]).toBeCloseTo(Math.sqrt(14), 14);
  });

  it('matrixReduce and elementwise on the CPU twin, with domain checks', async () => {
    const a = Float64Array.of(1, -2, 3, 4, 5, -6);
    const r = await matrixReduce(a, 2, 3, { axis: 'cols', op: 'min', backend: 'cpu' });
    expect(Array.from(r.values)).toEqual([1, -2, -6]);
    expect(Array.from((await elementwise(a, 'relu', { backend: 'cpu' })).values)).toEqual([1, 0, 3, 4, 5, 0]);
    expect(Array.from((await elementwise(a, 'affine', { scale: 2, shift: 1, backend: 'cpu' })).values)).toEqual([3, -3, 7, 9, 11, -11]);
    expect((await elementwise(Float64Array.of(Math.E), 'log', { backend: 'cpu' })).values[0]).toBeCloseTo(1, 15);
    await expect(elementwise(a, 'sqrt', { backend: 'cpu' })).rejects.toThrow(/a must be non-negative for sqrt \(got "-2 at index 1"\)/);
    await expect(elementwise(Float64Array.of(0), 'log', { backend: 'cpu' })).rejects.toMatchObject({ param: 'a' });
    await expect(elementwise(Float64Array.of(800), 'exp', { backend: 'cpu' })).rejects.toMatchObject({ param: 'a' });
    await expect(elementwise(a, 'tanh' as never, { backend: 'cpu' })).rejects.toMatchObject({ param: 'op' });
    await expect(matrixReduce(a, 2, 3, { axis: 'diag' as never, op: 'sum', backend: 'cpu' })).rejects.toMatchObject({ param: 'axis' });
  });
});
