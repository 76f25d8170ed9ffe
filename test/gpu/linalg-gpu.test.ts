import { afterAll, describe, expect, it } from 'vitest';
import { releaseDevice } from '../../src/gpu/device.js';
import { eigh, eighBatched, elementwise, gemm, gram, matrixReduce, svd, type MapOp, type ReduceOp } from '../../src/linalg/index.js';
import { bbpOutlier, mpEdges } from '../../src/analysis/index.js';
import {
  eigResidual, gaussian, orthoError, randomOrthogonal, symmetricGaussian, withSingularValues, withSpectrum,
} from '../unit/linalg-fixtures.js';

afterAll(releaseDevice);

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const f32 = (a: Float64Array) => Float32Array.from(a);

describe('gemm and gram on the GPU', () => {
  it('match the float64 twin (transposes, alpha/beta, batch, broadcast B)', async () => {
    const m = 70, n = 45, k = 33, batch = 3;
    const a = f32(gaussian(batch * m * k, 1, 1)), b = f32(gaussian(batch * k * n, 1, 2)), c = f32(gaussian(batch * m * n, 1, 3));
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const opts = { transA, transB, alpha: 1.5, beta: -0.5, c, batch };
      const g = await gemm(a, b, m, n, k, { ...opts, backend: 'webgpu' });
      const r = await gemm(a, b, m, n, k, { ...opts, backend: 'cpu' });
      expect(g.backend).toBe('webgpu');
      expect(maxDiff(g.c, r.c)).toBeLessThan(1e-4 * Math.max(1, maxAbs(r.c)));
    }
    const shared = f32(gaussian(k * n, 1, 4));
    const g = await gemm(a, shared, m, n, k, { batch, backend: 'webgpu' });
    const r = await gemm(a, shared, m, n, k, { batch, backend: 'cpu' });
    expect(maxDiff(g.c, r.c)).toBeLessThan(1e-4 * maxAbs(r.c));
  });

  it('gram is symmetric and matches the twin', async () => {
    const a = f32(gaussian(40, 23, 5));
    for (const side of ['AtA', 'AAt'] as const) {
      const g = await gram(a, 40, 23, { side, backend: 'webgpu' });
      const r = await gram(a, 40, 23, { side, backend: 'cpu' });
      expect(maxDiff(g.g, r.g)).toBeLessThan(1e-5 * maxAbs(r.g));
      const s = g.size;
      for (let i = 0; i < s; i++) for (let j = 0; j < i; j++) expect(g.g[i * s + j]).toBe(g.g[j * s + i]);
    }
  });
});

describe('reductions and elementwise maps on the GPU', () => {
  it('match the float64 twin', async () => {
    const m = 37, n = 150;
    const a = f32(gaussian(m, n, 21));
    const cases: Array<['rows' | 'cols', ReduceOp]> = [
      ['rows', 'sum'], ['rows', 'norm'], ['rows', 'maxabs'], ['rows', 'min'], ['cols', 'mean'], ['cols', 'sumsq'], ['cols', 'max'],
    ];
    for (const [axis, op] of cases) {
      const g = await matrixReduce(a, m, n, { axis, op, backend: 'webgpu' });
      const r = await matrixReduce(a, m, n, { axis, op, backend: 'cpu' });
      expect(g.values.length).toBe(axis === 'rows' ? m : n);
      expect(maxDiff(g.values, r.values)).toBeLessThan(1e-5 * Math.max(1, maxAbs(r.values)));
    }
    const pos = a.map((x) => Math.abs(x) + 0.1);
    for (const op of ['abs', 'square', 'sqrt', 'log', 'exp', 'relu', 'affine'] as MapOp[]) {
      const x = op === 'sqrt' || op === 'log' ? pos : a;
      const g = await elementwise(x, op, { scale: -1.5, shift: 0.25, backend: 'webgpu' });
      const r = await elementwise(x, op, { scale: -1.5, shift: 0.25, backend: 'cpu' });
      for (let i = 0; i < x.length; i++) expect(Math.abs(g.values[i] - r.values[i])).toBeLessThan(2e-6 * Math.max(1, Math.abs(r.values[i])));
    }
  });
});

describe('eigh on the GPU', () => {
  async function check(a: Float64Array, n: number) {
    const g = await eigh(f32(a), n, { backend: 'webgpu', vectors: true });
    const r = await eigh(a, n, { backend: 'cpu' });
    expect(g.backend).toBe('webgpu');
    const scale = maxAbs(r.values);
    expect(maxDiff(g.values, r.values)).toBeLessThanOrEqual(1e-5 * scale);
    expect(orthoError(g.vectors!, n, n)).toBeLessThan(1e-4);
    expect(eigResidual(a, n, g.values, g.vectors!)).toBeLessThan(1e-4);
  }

  it('small n (one-workgroup Jacobi): random, odd size, repeated eigenvalues', async () => {
    await check(symmetricGaussian(24, 1), 24);
    await check(symmetricGaussian(17, 2), 17);
    const lam = Float64Array.from({ length: 32 }, (_, i) => [2, 2, 2, -1][i % 4]);
    await check(withSpectrum(lam, randomOrthogonal(32, 3)), 32);
  });

  it('larger n (GPU tridiagonalisation + float64 tridiagonal solve + GPU back-transform)', async () => {
    await check(symmetricGaussian(96, 4), 96);
    const n = 80;
    const lam = Float64Array.from({ length: n }, (_, i) => (i < 10 ? 3 : i < 20 ? -3 : Math.cos(i)));
    await check(withSpectrum(lam, randomOrthogonal(n, 6)), n);
  });

  it('n above one back-transform workgroup (264 > 256 threads): vectors stay orthonormal', async () => {
    // Each thread updates several entries once n > 256; without a storage barrier between
    // reflectors thread 0 read what thread 255 had not yet written (orthogonality 1.4e-3).
    await check(symmetricGaussian(264, 8), 264);
  });

  it('values only: bisection on the device matches the float64 twin (random, clustered, indefinite)', async () => {
    const n = 100;
    const lam = Float64Array.from({ length: n }, (_, i) => (i < 12 ? 2 : i < 20 ? -2 : i < 30 ? 1e-4 * i : Math.sin(i)));
    for (const a of [symmetricGaussian(130, 11), withSpectrum(lam, randomOrthogonal(n, 12))]) {
      const m = Math.round(Math.sqrt(a.length));
      const g = await eigh(f32(a), m, { backend: 'webgpu' });
      const r = await eigh(a, m, { backend: 'cpu' });
      expect(g.vectors).toBeUndefined();
      expect(maxDiff(g.values, r.values)).toBeLessThanOrEqual(1e-5 * maxAbs(r.values));
      for (let i = 1; i < m; i++) expect(g.values[i]).toBeGreaterThanOrEqual(g.values[i - 1]);
    }
  });

  it('any float32 scale (entries near 1e±30) and already-reduced columns (block-diagonal input)', async () => {
    const n = 72;
    const a = symmetricGaussian(n, 13);
    const r = await eigh(a, n, { backend: 'cpu' });
    for (const s of [1e30, 1e-30]) {
      const g = await eigh(f32(a.map((x) => x * s)), n, { backend: 'webgpu' });
      expect(maxDiff(g.values.map((x) => x / s), r.values)).toBeLessThanOrEqual(1e-5 * maxAbs(r.values));
    }
    // Two uncoupled blocks, the first of them diagonal: its columns need no reflector.
    const b = new Float64Array(n * n);
    for (let i = 0; i < 20; i++) b[i * n + i] = i - 10;
    for (let i = 20; i < n; i++) for (let j = 20; j < n; j++) b[i * n + j] = a[i * n + j];
    await check(b, n);
  });

  it('zero matrix and values-only calls', async () => {
    const z = await eigh(new Float32Array(70 * 70), 70, { backend: 'webgpu' });
    expect(maxAbs(z.values)).toBe(0);
    expect(z.vectors).toBeUndefined();
  });

  it('batched: many 32×32 problems in one dispatch match the twin', async () => {
    const n = 32, batch = 40;
    const a = new Float64Array(batch * n * n);
    for (let b = 0; b < batch; b++) a.set(symmetricGaussian(n, 200 + b), b * n * n);
    const g = await eighBatched(f32(a), n, batch, { backend: 'webgpu', vectors: true });
    const r = await eighBatched(a, n, batch, { backend: 'cpu' });
    for (let b = 0; b < batch; b++) {
      const gv = g.values.subarray(b * n, (b + 1) * n);
      const rv = r.values.subarray(b * n, (b + 1) * n);
      expect(maxDiff(gv, rv)).toBeLessThanOrEqual(1e-6 * maxAbs(rv));
      expect(orthoError(g.vectors!.subarray(b * n * n, (b + 1) * n * n), n, n)).toBeLessThan(1e-5);
    }
  });

  it('Wishart spectra sit inside the MP edges; a spike lands at the BBP position', async () => {
    const p = 48, n = 480, ell = 5;
    const x = gaussian(p, n, 31);
    for (let j = 0; j < n; j++) x[j] *= Math.sqrt(ell); // population covariance I + (ℓ-1)e1e1ᵀ
    const s = (await gram(x, p, n, { side: 'AAt', backend: 'cpu' })).g.map((v) => v / n);
    const g = await eigh(f32(s), p, { backend: 'webgpu' });
    const { lambdaMinus, lambdaPlus } = mpEdges(p / n);
    expect(g.values[0]).toBeGreaterThan(lambdaMinus * 0.7);
    expect(g.values[p - 2]).toBeLessThan(lambdaPlus * 1.15);
    const want = bbpOutlier(ell, p / n)!;
    expect(Math.abs(g.values[p - 1] - want) / want).toBeLessThan(0.2);
  });

  it('batched: 64×64 problems (the largest the one-workgroup kernel takes)', async () => {
    const n = 64, batch = 3;
    const a = new Float64Array(batch * n * n);
    for (let b = 0; b < batch; b++) a.set(symmetricGaussian(n, 300 + b), b * n * n);
    const g = await eighBatched(f32(a), n, batch, { backend: 'webgpu', vectors: true });
    const r = await eighBatched(a, n, batch, { backend: 'cpu' });
    expect(g.backend).toBe('webgpu');
    for (let b = 0; b < batch; b++) {
      const rv = r.values.subarray(b * n, (b + 1) * n);
      expect(maxDiff(g.values.subarray(b * n, (b + 1) * n), rv)).toBeLessThanOrEqual(1e-6 * maxAbs(rv));
      expect(orthoError(g.vectors!.subarray(b * n * n, (b + 1) * n * n), n, n)).toBeLessThan(1e-5);
    }
  });

  it('rejects NaN input before touching the GPU', async () => {
    const a = new Float32Array(16);
    a[3] = NaN;
    await expect(eigh(a, 4, { backend: 'webgpu' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER', param: 'a' });
  });
});

describe('svd on the GPU (augmented matrix, float32)', () => {
  it('matches the twin and keeps small singular values that a float32 AᵀA would lose', async () => {
    const m = 60, n = 40;
    const s = Float64Array.from({ length: n }, (_, i) => 10 ** (-(4 * i) / (n - 1)));
    const a = withSingularValues(s, m, n, 1, 2);
    const g = await svd(f32(a), m, n, { backend: 'webgpu', k: 3 });
    expect(g.backend).toBe('webgpu');
    for (let i = 0; i < n; i++) expect(Math.abs(g.values[i] - s[i])).toBeLessThan(5e-6);
    // σ >= 1e-3 σ_max to 1e-2 relative; float32 AᵀA has an absolute floor ≈ 3.5e-4 σ_max.
    for (let i = 0; i < n; i++) if (s[i] >= 1e-3) expect(Math.abs(g.values[i] - s[i]) / s[i]).toBeLessThan(1e-2);
    const r = await svd(a, m, n, { backend: 'cpu', k: 3 });
    for (let j = 0; j < 3; j++) {
      let du = 0, dv = 0;
      for (let i = 0; i < m; i++) du += g.u![i * 3 + j] * r.u![i * 3 + j];
      for (let i = 0; i < n; i++) dv += g.v![i * 3 + j] * r.v![i * 3 + j];
      expect(Math.abs(du)).toBeGreaterThan(1 - 1e-4);
      expect(du * dv).toBeGreaterThan(0); // consistent signs: A v = σ u
    }
  });

  it('small matrices go through the batched Jacobi kernel', async () => {
    const a = gaussian(9, 6, 12);
    const g = await svd(f32(a), 9, 6, { backend: 'webgpu', k: 2 });
    const r = await svd(a, 9, 6, { backend: 'cpu' });
    expect(maxDiff(g.values, r.values)).toBeLessThan(1e-6 * r.values[0]);
    expect(orthoError(g.u!, 9, 2)).toBeLessThan(1e-5);
  });
});

describe("backend 'auto'", () => {
  it('takes the float64 twin on a software adapter and says why', async () => {
    const { getGpu } = await import('../../src/gpu/device.js');
    const { adapter } = await getGpu();
    const r = await eigh(Float64Array.of(2, 1, 1, 2), 2, { backend: 'auto' });
    expect(r.values[0]).toBeCloseTo(1, 14);
    expect(r.values[1]).toBeCloseTo(3, 14);
    if (adapter.software) {
      expect(r.backend).toBe('cpu');
      expect(r.fallback).toMatch(/software/);
    } else {
      expect(r.backend).toBe('webgpu');
    }
  });
});
