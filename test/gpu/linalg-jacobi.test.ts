// Accuracy of the batched one-workgroup Jacobi kernel (jacobi-batched.wgsl: eigh and
// eighBatched up to n = 64, svd of small augmented matrices) against the float64 twin on
// the same float32 inputs: float32-level errors, no one-sided drift, orthonormal vectors.
import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { nodeGpu } from '../../src/gpu/node-device.js';
import { computePipeline } from '../../src/gpu/buffers.js';
import { jacobiMaxN, jacobiWorkgroupBytes } from '../../src/linalg/gpu/jacobi.js';
import { eigh, eighBatched, gram, svd } from '../../src/linalg/index.js';
import { eigResidual, gaussian, orthoError, randomOrthogonal, symmetricGaussian, withSingularValues, withSpectrum } from '../unit/linalg-fixtures.js';

afterAll(releaseDevice);

/** Max and mean of got - want over max|want|. */
function relErrors(got: ArrayLike<number>, want: ArrayLike<number>): { max: number; mean: number } {
  let scale = 0, max = 0, mean = 0;
  for (let i = 0; i < want.length; i++) {
    const d = got[i] - want[i];
    scale = Math.max(scale, Math.abs(want[i]));
    max = Math.max(max, Math.abs(d));
    mean += d / want.length;
  }
  return { max: max / scale, mean: mean / scale };
}

/** XXᵀ/cols for a rows × cols Gaussian X: positive definite, eigenvalues all of one sign. */
async function wishart(rows: number, cols: number, seed: number): Promise<Float64Array> {
  const g = await gram(gaussian(rows, cols, seed), rows, cols, { side: 'AAt', backend: 'cpu' });
  return g.g.map((v) => v / cols);
}

/** GPU (float32, one eighBatched dispatch) and twin (float64 on the same float32 numbers) eigendecompositions. */
async function both(n: number, mats: Float64Array[]) {
  const batch = mats.length;
  const a32 = new Float32Array(batch * n * n);
  mats.forEach((m, b) => a32.set(m, b * n * n));
  const g = await eighBatched(a32, n, batch, { backend: 'webgpu', vectors: true });
  const r = await eighBatched(Float64Array.from(a32), n, batch, { backend: 'cpu' });
  expect(g.backend).toBe('webgpu');
  return mats.map((_, b) => ({
    a: a32.subarray(b * n * n, (b + 1) * n * n),
    values: g.values.subarray(b * n, (b + 1) * n),
    vectors: g.vectors!.subarray(b * n * n, (b + 1) * n * n),
    want: r.values.subarray(b * n, (b + 1) * n),
  }));
}

// Measured on SwiftShader: max error <= 2.8e-7·max|λ|, |mean| <= 4e-8, orthogonality <= 6.3e-7,
// residual <= 7.3e-7 (n <= 64). The kernel before the tau-form rotations and Rutishauser diagonal
// gave 1.05e-5 (n = 64), a mean of +3.9e-6 on positive definite matrices and orthogonality 1.1e-5.
const EIG_TOL = 8e-7;
const BIAS_TOL = 1e-7;
const ORTHO_TOL = 2e-6;

describe('batched Jacobi kernel: float32-level accuracy against the float64 twin', () => {
  it('random symmetric n = 64, 48, 24: eigenvalues, orthonormal vectors, residuals', async () => {
    for (const n of [64, 48, 24]) {
      for (const x of await both(n, [symmetricGaussian(n, 10 * n + 1), symmetricGaussian(n, 10 * n + 2)])) {
        expect(relErrors(x.values, x.want).max).toBeLessThanOrEqual(EIG_TOL);
        expect(orthoError(x.vectors, n, n)).toBeLessThanOrEqual(ORTHO_TOL);
        expect(eigResidual(x.a, n, x.values, x.vectors)).toBeLessThanOrEqual(ORTHO_TOL);
      }
    }
  });

  it('positive definite (Wishart) n = 48, 64: no one-sided drift of the eigenvalues', async () => {
    // Rotations that are not quite orthogonal scale the whole matrix: every eigenvalue of a
    // positive definite matrix then moves the same way and the mean error is as large as the max.
    for (const n of [48, 64]) {
      for (const x of await both(n, [await wishart(n, 4 * n, 7 * n + 1), await wishart(n, 4 * n, 7 * n + 2)])) {
        const e = relErrors(x.values, x.want);
        expect(Math.abs(e.mean)).toBeLessThanOrEqual(BIAS_TOL);
        expect(e.max).toBeLessThanOrEqual(EIG_TOL);
        expect(orthoError(x.vectors, n, n)).toBeLessThanOrEqual(ORTHO_TOL);
      }
    }
  });

  it('eigh (single matrix) and eigenvalues spread over six decades', async () => {
    const n = 40;
    const lam = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * 10 ** (-6 * i / (n - 1)));
    const a = Float32Array.from(withSpectrum(lam, randomOrthogonal(n, 5)));
    const g = await eigh(a, n, { backend: 'webgpu', vectors: true });
    const r = await eigh(Float64Array.from(a), n, { backend: 'cpu' });
    expect(g.backend).toBe('webgpu');
    expect(relErrors(g.values, r.values).max).toBeLessThanOrEqual(EIG_TOL);
    expect(orthoError(g.vectors!, n, n)).toBeLessThanOrEqual(ORTHO_TOL);
  });

  it('tiny and odd sizes, a diagonal matrix, a zero matrix', async () => {
    for (const n of [1, 2, 3, 5, 6, 7]) {
      for (const x of await both(n, [symmetricGaussian(n, 51), symmetricGaussian(n, 52)])) {
        expect(relErrors(x.values, x.want).max).toBeLessThanOrEqual(EIG_TOL);
        expect(orthoError(x.vectors, n, n)).toBeLessThanOrEqual(ORTHO_TOL);
      }
    }
    const n = 9;
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) d[i * n + i] = i - 4.5;
    const [x] = await both(n, [d]);
    expect(Array.from(x.values)).toEqual(Array.from({ length: n }, (_, i) => i - 4.5));
    expect(orthoError(x.vectors, n, n)).toBe(0);
    const z = await eighBatched(new Float32Array(2 * 36), 6, 2, { backend: 'webgpu' });
    expect(Array.from(z.values).every((v) => v === 0)).toBe(true);
  });

  it('svd of small matrices (augmented problem through the kernel): σ to float32 level, no drift', async () => {
    // 96×24 goes through the GPU QR first, then the 48×48 augmented problem.
    for (const [m, n] of [[30, 20], [40, 20], [96, 24], [20, 30]])
      for (const seed of [1, 2]) {
        const a = Float32Array.from(gaussian(m, n, 100 * m + n + seed));
        const g = await svd(a, m, n, { backend: 'webgpu' });
        const r = await svd(Float64Array.from(a), m, n, { backend: 'cpu' });
        expect(g.backend).toBe('webgpu');
        const e = relErrors(g.values, r.values);
        expect(e.max).toBeLessThanOrEqual(EIG_TOL);
        expect(Math.abs(e.mean)).toBeLessThanOrEqual(1.5 * BIAS_TOL);
      }
  });

  it('svd of a rank-deficient matrix: zero singular values stay at float32 rounding level', async () => {
    const m = 30, n = 20;
    const s = Float64Array.from({ length: n }, (_, i) => (i < 5 ? 5 - i : 0));
    const a = Float32Array.from(withSingularValues(s, m, n, 3, 4));
    const g = await svd(a, m, n, { backend: 'webgpu', k: 2 });
    const r = await svd(Float64Array.from(a), m, n, { backend: 'cpu' });
    expect(relErrors(g.values, r.values).max).toBeLessThanOrEqual(EIG_TOL);
    expect(orthoError(g.u!, m, 2)).toBeLessThanOrEqual(ORTHO_TOL);
    expect(orthoError(g.v!, n, 2)).toBeLessThanOrEqual(ORTHO_TOL);
  });
});

describe('batched Jacobi on a device with default limits (16 KiB of workgroup memory)', () => {
  it('is offered only up to the size that fits, and the byte count matches what the shader declares', async () => {
    const { limits } = await getGpu();
    expect(jacobiMaxN({ limits })).toBe(64); // the shared device asks for the adapter's maximum
    const adapter = await (await nodeGpu()).requestAdapter();
    const small = await adapter!.requestDevice(); // WebGPU defaults, as a page's own device may have
    try {
      const max = jacobiMaxN({ limits: small.limits });
      expect(small.limits.maxComputeWorkgroupStorageSize).toBe(16384);
      expect(max).toBe(60);
      const build = (np: number) => computePipeline(small, 'linalg/jacobi-batched.wgsl', { NP: np, NP2: np * np, HALF: np / 2 });
      await expect(build(max)).resolves.toBeDefined();
      // One step up no longer fits: the formula is neither loose nor short of the shader's needs.
      expect(jacobiWorkgroupBytes(max + 2)).toBeGreaterThan(16384);
      await expect(build(max + 2)).rejects.toThrow();
    } finally {
      small.destroy();
    }
  });
});
