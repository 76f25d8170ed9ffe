import { describe, expect, it } from 'vitest';
import { eigh, eighBatched } from '../../src/linalg/index.js';
import { NnspectraError } from '../../src/errors.js';
import { checkCpuMemory, CPU_LINALG_CAP_BYTES } from '../../src/linalg/validate.js';
import {
  eigResidual, gaussian, jacobiEigenvalues, orthoError, randomOrthogonal, symmetricGaussian, withSpectrum,
} from './linalg-fixtures.js';
import { progressProblems, withSlowClock } from './slow-clock.js';
import type { ProgressEvent } from '../../src/progress.js';

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

describe('eigh (cpu twin, float64)', () => {
  it('matches an independent Jacobi reference on random symmetric matrices', async () => {
    for (const n of [1, 2, 3, 5, 17, 40]) {
      const a = symmetricGaussian(n, n);
      const r = await eigh(a, n, { backend: 'cpu', vectors: true });
      expect(r.backend).toBe('cpu');
      const ref = jacobiEigenvalues(a, n);
      expect(maxDiff(r.values, ref)).toBeLessThan(1e-12 * Math.max(1, maxAbs(ref)));
      expect(eigResidual(a, n, r.values, r.vectors!)).toBeLessThan(1e-12);
      expect(orthoError(r.vectors!, n, n)).toBeLessThan(1e-12);
    }
  });

  it('recovers a prescribed spectrum of a rotated diagonal, ascending', async () => {
    const n = 60;
    const lam = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3));
    const a = withSpectrum(lam, randomOrthogonal(n, 3));
    const r = await eigh(a, n, { backend: 'cpu', vectors: true });
    const sorted = lam.slice().sort();
    expect(maxDiff(r.values, sorted)).toBeLessThan(1e-13 * maxAbs(lam));
    for (let i = 1; i < n; i++) expect(r.values[i]).toBeGreaterThanOrEqual(r.values[i - 1]);
    expect(orthoError(r.vectors!, n, n)).toBeLessThan(1e-12);
    expect(eigResidual(a, n, r.values, r.vectors!)).toBeLessThan(1e-12);
  });

  it('handles degenerate and repeated eigenvalues with orthonormal vectors', async () => {
    const n = 48;
    const lam = Float64Array.from({ length: n }, (_, i) => [1, 1, 1, -2, 5][i % 5]);
    const a = withSpectrum(lam, randomOrthogonal(n, 7));
    const r = await eigh(a, n, { backend: 'cpu', vectors: true });
    expect(maxDiff(r.values, lam.slice().sort())).toBeLessThan(1e-13 * 5);
    expect(orthoError(r.vectors!, n, n)).toBeLessThan(1e-11);
    expect(eigResidual(a, n, r.values, r.vectors!)).toBeLessThan(1e-12);
    // identity and zero matrices split completely
    const id = new Float64Array(n * n);
    for (let i = 0; i < n; i++) id[i * n + i] = 1;
    const ri = await eigh(id, n, { backend: 'cpu', vectors: true });
    expect(maxDiff(ri.values, new Float64Array(n).fill(1))).toBe(0);
    expect(orthoError(ri.vectors!, n, n)).toBeLessThan(1e-15);
    const rz = await eigh(new Float64Array(n * n), n, { backend: 'cpu', vectors: true });
    expect(maxAbs(rz.values)).toBe(0);
    expect(orthoError(rz.vectors!, n, n)).toBeLessThan(1e-15);
  });

  it('separates the nearly coincident pairs of the Wilkinson matrix W21+', async () => {
    const n = 21;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = Math.abs(10 - i);
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = 1;
    }
    const r = await eigh(a, n, { backend: 'cpu', vectors: true });
    // Largest pairs, from a 40-digit eigensolve (mpmath eigsy): the top two differ by 7.16e-14,
    // the next two by 5.64e-11. A backward-stable solver is within a few ε·‖A‖ (ε·‖A‖ ≈ 2.4e-15) of each.
    const top = [10.746194182903393431857, 10.746194182903321832290];
    const next = [9.2106786473613321079, 9.2106786473049185940];
    const tol = 4 * Number.EPSILON * 11; // measured: 1 ulp (1.8e-15)
    expect(Math.abs(r.values[n - 1] - top[0])).toBeLessThan(tol);
    expect(Math.abs(r.values[n - 2] - top[1])).toBeLessThan(tol);
    // The separations themselves, to better than a third of the smaller one.
    expect(Math.abs(r.values[n - 1] - r.values[n - 2] - 7.16e-14)).toBeLessThan(2 * tol);
    expect(Math.abs(r.values[n - 3] - next[0])).toBeLessThan(tol);
    expect(Math.abs(r.values[n - 4] - next[1])).toBeLessThan(tol);
    expect(orthoError(r.vectors!, n, n)).toBeLessThan(1e-10);
    expect(eigResidual(a, n, r.values, r.vectors!)).toBeLessThan(1e-13);
  });

  it('reads only the lower triangle and accepts Float32Array', async () => {
    const n = 12;
    const a = symmetricGaussian(n, 5);
    const lower = a.slice();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) lower[i * n + j] = 99;
    const r1 = await eigh(a, n, { backend: 'cpu' });
    const r2 = await eigh(lower, n, { backend: 'cpu' });
    expect(maxDiff(r1.values, r2.values)).toBeLessThan(1e-13);
    const r3 = await eigh(Float32Array.from(a), n, { backend: 'cpu' });
    expect(maxDiff(r1.values, r3.values)).toBeLessThan(1e-5);
    expect(r1.vectors).toBeUndefined();
  });

  it('places Wishart spectra inside the Marchenko–Pastur edges', async () => {
    const p = 100, nn = 400;
    const g = gaussian(p, nn, 11);
    const s = new Float64Array(p * p);
    for (let i = 0; i < p; i++)
      for (let j = 0; j <= i; j++) {
        let t = 0;
        for (let k = 0; k < nn; k++) t += g[i * nn + k] * g[j * nn + k];
        s[i * p + j] = s[j * p + i] = t / nn;
      }
    const r = await eigh(s, p, { backend: 'cpu' });
    const q = p / nn;
    expect(r.values[0]).toBeGreaterThan((1 - Math.sqrt(q)) ** 2 * 0.8);
    expect(r.values[p - 1]).toBeLessThan((1 + Math.sqrt(q)) ** 2 * 1.1);
    expect(r.values[p - 1]).toBeGreaterThan((1 + Math.sqrt(q)) ** 2 * 0.85);
  });

  it('rejects NaN, Inf and wrong sizes naming the argument', async () => {
    const a = new Float64Array(9);
    a[4] = NaN;
    await expect(eigh(a, 3, { backend: 'cpu' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER', param: 'a' });
    a[4] = Infinity;
    await expect(eigh(a, 3, { backend: 'cpu' })).rejects.toThrow(/a must be finite.*Infinity at index 4/);
    await expect(eigh(new Float64Array(8), 3, { backend: 'cpu' })).rejects.toMatchObject({ param: 'a' });
    await expect(eigh(new Float64Array(9), 0, { backend: 'cpu' })).rejects.toMatchObject({ param: 'n' });
    await expect(eigh(new Float64Array(9), 3, { backend: 'gpu' as never })).rejects.toBeInstanceOf(NnspectraError);
  });

  it('batched CPU twin equals one-by-one results', async () => {
    const n = 8, batch = 5;
    const a = new Float64Array(batch * n * n);
    for (let b = 0; b < batch; b++) a.set(symmetricGaussian(n, 100 + b), b * n * n);
    const r = await eighBatched(a, n, batch, { backend: 'cpu', vectors: true });
    for (let b = 0; b < batch; b++) {
      const one = await eigh(a.subarray(b * n * n, (b + 1) * n * n), n, { backend: 'cpu' });
      expect(maxDiff(r.values.subarray(b * n, (b + 1) * n), one.values)).toBe(0);
    }
  });

  it('reports progress while it works and stops when aborted (the event loop keeps running)', async () => {
    const n = 200;
    const a = symmetricGaussian(n, 5);
    // At the machine's own speed the call may fit in one slice: any events are well formed.
    const events: ProgressEvent[] = [];
    const r = await eigh(a, n, { backend: 'cpu', vectors: true, onProgress: (e) => events.push(e) });
    expect(progressProblems(events, 'eigh', 2 * n)).toEqual([]);
    // When every step ends a slice, every step reports, and the result is the same.
    const slow: ProgressEvent[] = [];
    const rs = await withSlowClock(() => eigh(a, n, { backend: 'cpu', vectors: true, onProgress: (e) => slow.push(e) }));
    expect(slow.length).toBeGreaterThanOrEqual(4);
    expect(progressProblems(slow, 'eigh', 2 * n)).toEqual([]);
    expect(Array.from(rs.values)).toEqual(Array.from(r.values));
    // A timer set before the call fires during it (the work yields): that is what lets a UI abort.
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 0);
    await expect(withSlowClock(() => eigh(a, n, { backend: 'cpu', vectors: true, signal: ac.signal }))).rejects.toMatchObject({ code: 'ABORTED' });
    // An abort from the progress callback stops the call at its next slice.
    const stop = new AbortController();
    let after = 0;
    const call = withSlowClock(() =>
      eigh(a, n, { backend: 'cpu', signal: stop.signal, onProgress: () => (stop.signal.aborted ? after++ : stop.abort()) }),
    );
    await expect(call).rejects.toMatchObject({ code: 'ABORTED' });
    expect(after).toBe(0);
  });

  it('refuses CPU work beyond its memory cap with a one-line message, not a RangeError', () => {
    // eigh at n = 20000 with vectors: 4n² doubles = 12.8 GB.
    const n = 20000;
    expect(() => checkCpuMemory('n', 4 * n * n, 'eigh')).toThrow(/^n must be small enough for eigh on the CPU twin: it would need 11\.92 GiB of working memory, above the cap of 4\.00 GiB$/);
    try {
      checkCpuMemory('n', 4 * n * n, 'eigh');
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_PARAMETER', param: 'n' });
    }
    expect(() => checkCpuMemory('n', CPU_LINALG_CAP_BYTES / 8, 'eigh')).not.toThrow();
  });
});
