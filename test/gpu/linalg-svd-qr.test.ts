// GPU Householder QR (linalg/gpu/qr.ts) and the svd route that QR-reduces lopsided matrices
// before the augmented eigenproblem, against the float64 twins.
import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { householderQR } from '../../src/linalg/cpu/bidiagonal.js';
import { qrGpu } from '../../src/linalg/gpu/qr.js';
import { svd, svdGpuPath, type SvdResult } from '../../src/linalg/svd.js';
import type { ProgressEvent } from '../../src/progress.js';
import { gaussian, orthoError, withSingularValues } from '../unit/linalg-fixtures.js';

afterAll(releaseDevice);

const f32 = (a: Float64Array) => Float32Array.from(a);
const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Row-major transpose of the rows×cols `a`. */
function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/** Geometric singular values from 1 down to `smallest`. */
const geometric = (r: number, smallest: number) => Float64Array.from({ length: r }, (_, i) => smallest ** (i / (r - 1)));

/** svd on the GPU, recording which progress phases it went through. */
async function gpuSvd(a: Float64Array, m: number, n: number, k = 0): Promise<SvdResult & { phases: Set<string> }> {
  const phases = new Set<string>();
  const res = await svd(f32(a), m, n, { backend: 'webgpu', k, onProgress: (e: ProgressEvent) => phases.add(e.phase) });
  expect(res.backend).toBe('webgpu');
  return { ...res, phases };
}

/** max_j ‖A v_j − σ_j u_j‖ over the k returned pairs (float64, A the float32-rounded input). */
function pairResidual(a: Float64Array, m: number, n: number, s: SvdResult, k: number): number {
  const a32 = f32(a);
  let worst = 0;
  for (let j = 0; j < k; j++) {
    let r2 = 0;
    for (let i = 0; i < m; i++) {
      let t = 0;
      for (let c = 0; c < n; c++) t += a32[i * n + c] * s.v![c * k + j];
      r2 += (t - s.values[j] * s.u![i * k + j]) ** 2;
    }
    worst = Math.max(worst, Math.sqrt(r2));
  }
  return worst;
}

/** |u_jᵀ u_ref_j| and |v_jᵀ v_ref_j|, worst over j < k, and whether each pair's signs agree. */
function alignment(g: SvdResult, ref: SvdResult, m: number, n: number, k: number): { worst: number; signsAgree: boolean } {
  let worst = 1;
  let signsAgree = true;
  for (let j = 0; j < k; j++) {
    let du = 0, dv = 0;
    for (let i = 0; i < m; i++) du += g.u![i * k + j] * ref.u![i * k + j];
    for (let i = 0; i < n; i++) dv += g.v![i * k + j] * ref.v![i * k + j];
    worst = Math.min(worst, Math.abs(du), Math.abs(dv));
    signsAgree &&= du * dv > 0;
  }
  return { worst, signsAgree };
}

describe('GPU Householder QR', () => {
  // T is p×r; the GPU takes it by columns (r×p row-major), which for a wide A is A itself.
  for (const [shape, wide] of [['tall 96×24', false], ['wide 24×96 (Aᵀ)', true]] as const) {
    it(`R matches householderQR in float64, Q·R = T, Q orthonormal: ${shape}`, async () => {
      const p = 96, r = 24;
      const a = gaussian(wide ? r : p, wide ? p : r, wide ? 41 : 40);
      const t = wide ? transpose(a, r, p) : a; // p×r row-major
      const cols = f32(transpose(t, p, r));
      const gpu = await getGpu();
      const qr = await qrGpu(gpu, cols, p, r);
      try {
        const ref = Float64Array.from(t);
        householderQR(ref, p, r);
        // Same dlarfg sign convention: R agrees entry by entry, not just up to row signs.
        const scale = maxAbs(ref.subarray(0, r * r));
        let err = 0;
        for (let i = 0; i < r; i++)
          for (let j = 0; j < r; j++) err = Math.max(err, Math.abs(qr.R[i * r + j] - (j >= i ? ref[i * r + j] : 0)));
        expect(err / scale).toBeLessThan(2e-6); // measured 1.4e-7 (tall), 7.1e-8 (wide)
        // Q·[R; 0] column by column reproduces T; Q·[I; 0] has orthonormal columns.
        const qrCols = await qr.applyQ(f32(transpose(qr.R, r, r)), r);
        let rec = 0;
        for (let j = 0; j < r; j++) for (let i = 0; i < p; i++) rec = Math.max(rec, Math.abs(qrCols[j * p + i] - t[i * r + j]));
        expect(rec / maxAbs(t)).toBeLessThan(2e-6); // measured 3.0e-7, 3.7e-7
        const eye = new Float32Array(r * r);
        for (let j = 0; j < r; j++) eye[j * r + j] = 1;
        const q = await qr.applyQ(eye, r);
        expect(orthoError(transpose(q, r, p), p, r)).toBeLessThan(2e-6); // measured 3.0e-7, 2.8e-7
      } finally {
        qr.destroy();
      }
      await expect(qr.applyQ(new Float32Array(r), 1)).rejects.toMatchObject({ code: 'GPU' });
    });
  }

  it('zero columns give tau = 0 (no NaN), R keeps the zero column', async () => {
    const p = 40, r = 8;
    const t = gaussian(p, r, 44);
    for (let i = 0; i < p; i++) t[i * r + 3] = 0;
    const qr = await qrGpu(await getGpu(), f32(transpose(t, p, r)), p, r);
    try {
      expect(qr.R.every(Number.isFinite)).toBe(true);
      for (let i = 0; i < r; i++) expect(qr.R[i * r + 3]).toBe(0);
      const ref = Float64Array.from(t);
      householderQR(ref, p, r);
      for (let i = 0; i < r; i++) expect(Math.abs(qr.R[i * r + 7] - ref[i * r + 7])).toBeLessThan(1e-5 * maxAbs(ref));
    } finally {
      qr.destroy();
    }
  });
});

describe('svd on the GPU: QR first for lopsided shapes', () => {
  it('routes lopsided shapes through the QR, and only those', async () => {
    expect(svdGpuPath(96, 24)).toBe('qr-augmented');
    expect(svdGpuPath(24, 96)).toBe('qr-augmented');
    expect(svdGpuPath(4096, 1024)).toBe('qr-augmented');
    expect(svdGpuPath(60, 40)).toBe('augmented'); // not lopsided enough
    expect(svdGpuPath(40, 12)).toBe('augmented'); // min(m, n) too small to pay
    // The route is observable: only the QR route reports a 'qr' progress phase.
    expect((await gpuSvd(gaussian(80, 20, 50), 80, 20)).phases.has('qr')).toBe(true);
    expect((await gpuSvd(gaussian(30, 20, 51), 30, 20)).phases.has('qr')).toBe(false);
  });

  for (const [m, n] of [[96, 24], [24, 96], [160, 40], [40, 160]]) {
    it(`${m}×${n} Gaussian: values match the float64 twin to 1e-6·σ_max`, async () => {
      const a = gaussian(m, n, 60 + m);
      const g = await gpuSvd(a, m, n);
      expect(g.phases.has('qr')).toBe(true);
      const r = await svd(a, m, n, { backend: 'cpu' });
      expect(g.values.length).toBe(Math.min(m, n));
      let err = 0;
      for (let i = 0; i < g.values.length; i++) err = Math.max(err, Math.abs(g.values[i] - r.values[i]));
      // measured, of σ_max, ~1e-7 on every shape: R's 48² augmented problem goes to the batched
      // Jacobi kernel (6.8e-6 before its rotations were made orthogonal), 80² ones to the
      // tridiagonal eigensolver (1.6e-7).
      expect(err / r.values[0]).toBeLessThan(1e-6);
    });
  }

  // 2r = 48 takes the batched Jacobi kernel for R's augmented problem, 2r = 80 the tridiagonal one.
  for (const [m, n] of [[96, 24], [24, 96], [200, 40], [40, 200]]) {
    it(`${m}×${n} with σ from 1 to 1e-3: each σ to 1e-4 relative, top-k vectors`, async () => {
      const r = Math.min(m, n), k = 4;
      const s = geometric(r, 1e-3);
      const a = withSingularValues(s, m, n, 70 + m, 71 + n);
      const g = await gpuSvd(a, m, n, k);
      expect(g.phases.has('qr')).toBe(true);
      let rel = 0;
      for (let i = 0; i < r; i++) rel = Math.max(rel, Math.abs(g.values[i] - s[i]) / s[i]);
      // Worst relative error over all σ, measured: 9.1e-6 (96×24), 9.5e-6 (24×96), 8.9e-6 (200×40),
      // 6.2e-6 (40×200). An absolute error of ~1e-6·σ_max would allow 1e-3 at σ = 1e-3.
      expect(rel).toBeLessThan(1e-4);
      const ref = await svd(a, m, n, { backend: 'cpu', k });
      const al = alignment(g, ref, m, n, k);
      expect(al.worst).toBeGreaterThan(1 - 1e-4); // measured >= 1 - 8e-8
      expect(al.signsAgree).toBe(true);
      expect(pairResidual(a, m, n, g, k)).toBeLessThan(2e-5); // σ_max = 1; measured 4.7e-6, 4.0e-6 (Jacobi), 4.6e-7, 2.9e-7
      expect(orthoError(g.u!, m, k)).toBeLessThan(1e-5); // measured <= 7.2e-7
      expect(orthoError(g.v!, n, k)).toBeLessThan(1e-5);
    });
  }

  it('rank-deficient (rank 10 of 24): zero σ stay at the float32 floor, top vectors hold', async () => {
    const m = 24, n = 96, rank = 10, k = 3;
    const s = Float64Array.from({ length: 24 }, (_, i) => (i < rank ? 2 - i / rank : 0));
    const a = withSingularValues(s, m, n, 80, 81);
    const g = await gpuSvd(a, m, n, k);
    expect(g.phases.has('qr')).toBe(true);
    for (let i = 0; i < rank; i++) expect(Math.abs(g.values[i] - s[i])).toBeLessThan(1e-5 * s[0]);
    // measured max 3.3e-7·σ_max over the 14 zero singular values
    for (let i = rank; i < 24; i++) expect(g.values[i]).toBeLessThan(3e-6 * s[0]);
    const ref = await svd(a, m, n, { backend: 'cpu', k });
    expect(alignment(g, ref, m, n, k).worst).toBeGreaterThan(1 - 1e-4);
    expect(pairResidual(a, m, n, g, k)).toBeLessThan(1e-5 * s[0]);
  });

  it('cancellation between the QR and the eigensolver', async () => {
    const ctl = new AbortController();
    const run = svd(f32(gaussian(64, 16, 90)), 64, 16, {
      backend: 'webgpu',
      signal: ctl.signal,
      onProgress: (e) => e.phase === 'qr' && ctl.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
