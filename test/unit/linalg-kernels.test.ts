import { describe, expect, it } from 'vitest';
import { applyReflectorsBlocked } from '../../src/linalg/cpu/block-reflectors.js';
import { applyReflectorsLeft, tridiagonalize, tridiagonalSteps, type KernelChoice } from '../../src/linalg/cpu/householder.js';
import { drain } from '../../src/linalg/cpu/steps.js';
import { bidiagonalize, householderQR } from '../../src/linalg/cpu/bidiagonal.js';
import { matmulF64 } from '../../src/linalg/cpu/matmul-f64.js';
import { tridiagonalEigen } from '../../src/linalg/cpu/tridiag-eigen.js';
import { wasmKernelsAvailable } from '../../src/linalg/cpu/wasm-kernels.js';
import { gaussian, jacobiEigenvalues, symmetricGaussian } from './linalg-fixtures.js';

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Q = H_0···H_{n-3} from the stored reflectors, then ‖QᵀAQ - T‖_max. */
function reductionError(a: Float64Array, n: number, kernel: KernelChoice): number {
  const t = tridiagonalize(a, n, kernel);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  applyReflectorsLeft(q, n, n, t.v, n, t.tau, n - 2, (j) => j + 1);
  let err = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) {
        let aq = 0;
        for (let r = 0; r < n; r++) aq += a[p * n + r] * q[r * n + j];
        s += q[p * n + i] * aq;
      }
      const want = i === j ? t.d[i] : Math.abs(i - j) === 1 ? t.e[Math.min(i, j)] : 0;
      err = Math.max(err, Math.abs(s - want));
    }
  return err;
}

describe('WebAssembly SIMD kernels of the CPU twin', () => {
  it('are available in Node (the CPU twin relies on them for its speed)', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  it.each([3, 4, 5, 16, 17, 18, 33, 64, 129])('tridiagonalisation n=%d: SIMD and TypeScript reductions agree', (n) => {
    const a = symmetricGaussian(n, 100 + n);
    const before = a.slice();
    const w = tridiagonalize(a, n, 'wasm');
    const j = tridiagonalize(a, n, 'js');
    expect(a).toEqual(before); // the input is left alone
    const bare = tridiagonalize(a, n, 'wasm', false); // no reflectors kept: same T
    expect([bare.d, bare.e, bare.v.length]).toEqual([w.d, w.e, 0]);
    const scale = maxAbs(a) * n;
    for (let i = 0; i < n; i++) expect(Math.abs(w.d[i] - j.d[i])).toBeLessThan(1e-13 * scale);
    for (let i = 0; i < n - 1; i++) expect(Math.abs(w.e[i] - j.e[i])).toBeLessThan(1e-13 * scale);
    for (let i = 0; i < n; i++) expect(Math.abs(w.tau[i] - j.tau[i])).toBeLessThan(1e-12);
    const ref = jacobiEigenvalues(a, n);
    const got = tridiagonalEigen(w.d, w.e, 'none').values;
    for (let i = 0; i < n; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-12 * maxAbs(ref));
  });

  it.each(['wasm', 'js'] as const)('%s: QᵀAQ reproduces T from the stored reflectors', (kernel) => {
    for (const n of [3, 4, 19, 40]) {
      const a = symmetricGaussian(n, 7 * n);
      expect(reductionError(a, n, kernel)).toBeLessThan(1e-12 * maxAbs(a) * n);
    }
  });

  it.each(['wasm', 'js'] as const)('%s: reflectors neither overflow nor underflow (entries near 1e±300) and skip zero columns', (kernel) => {
    const n = 24;
    for (const s of [1e300, 1e-300]) {
      const a = symmetricGaussian(n, 5).map((x) => x * s);
      const t = tridiagonalize(a, n, kernel);
      const got = tridiagonalEigen(t.d, t.e, 'none').values;
      const ref = jacobiEigenvalues(symmetricGaussian(n, 5), n);
      for (let i = 0; i < n; i++) expect(Math.abs(got[i] / s - ref[i])).toBeLessThan(1e-12 * maxAbs(ref));
    }
    // Block-diagonal with an already-reduced first column: the reflector is the identity.
    const b = symmetricGaussian(n, 6);
    for (let i = 1; i < n; i++) b[i * n] = b[i] = 0;
    const t = tridiagonalize(b, n, kernel);
    expect(t.tau[0]).toBe(0);
    expect(t.e[0]).toBe(0);
    expect(reductionError(b, n, kernel)).toBeLessThan(1e-12 * maxAbs(b) * n);
  });

  it('a reused work space leaks nothing into the result (tau past the last reflector is 0)', () => {
    // n = 300 fills the kept space with its matrix where n = 20 then keeps tau, d and e.
    tridiagonalize(symmetricGaussian(300, 1), 300, 'wasm');
    const t = tridiagonalize(symmetricGaussian(20, 2), 20, 'wasm');
    expect(Array.from(t.tau.subarray(18))).toEqual([0, 0]);
    expect(t.v.subarray(0, 20 * 20).filter((x, i) => i % 20 <= Math.floor(i / 20)).every((x) => x === 0)).toBe(true);
  });

  it('interleaved reductions (a caller yielding mid-way) do not share a work space', () => {
    const n = 96;
    const a = symmetricGaussian(n, 1), b = symmetricGaussian(n, 2);
    const ga = tridiagonalSteps(a, n), gb = tridiagonalSteps(b, n);
    let ra, rb;
    for (;;) {
      const x = ga.next(), y = gb.next();
      if (x.done) ra = x.value;
      if (y.done) rb = y.value;
      if (x.done && y.done) break;
    }
    expect(ra!.d).toEqual(drain(tridiagonalSteps(a, n)).d);
    expect(rb!.e).toEqual(drain(tridiagonalSteps(b, n)).e);
  });

  it.each(['wasm', 'js'] as const)('%s: blocked compact-WY application equals one reflector at a time, and Qᵀ undoes Q', (kernel) => {
    // 70 reflectors in blocks of 16 (a ragged last block), on 150 rows and 37 columns (odd
    // widths exercise the kernels' scalar edges); the panel spans more than one KC block.
    const rows = 150, cols = 37, count = 70, nb = 16;
    const t = tridiagonalize(symmetricGaussian(rows, 3), rows);
    const z0 = gaussian(rows, cols, 11);
    const want = z0.slice();
    applyReflectorsLeft(want, rows, cols, t.v, rows, t.tau, count, (j) => j + 1);
    const got = z0.slice();
    applyReflectorsBlocked(got, rows, cols, t.v, rows, t.tau, count, (j) => j + 1, { nb, kernel });
    let err = 0;
    for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
    expect(err).toBeLessThan(1e-12 * maxAbs(z0));
    applyReflectorsBlocked(got, rows, cols, t.v, rows, t.tau, count, (j) => j + 1, { nb, kernel, transpose: true });
    let back = 0;
    for (let i = 0; i < got.length; i++) back = Math.max(back, Math.abs(got[i] - z0[i]));
    expect(back).toBeLessThan(1e-12 * maxAbs(z0));
    // Q changes z substantially, so agreement above is not the identity passing for Q.
    let moved = 0;
    for (let i = 0; i < want.length; i++) moved = Math.max(moved, Math.abs(want[i] - z0[i]));
    expect(moved).toBeGreaterThan(0.1);
  });

  it.each(['wasm', 'js'] as const)('%s: blocked QR reproduces A = Q·R with R upper triangular (ragged panels)', (kernel) => {
    const m = 150, n = 70; // panels of 32: 32 + 32 + 6
    const a = gaussian(m, n, 21);
    const work = a.slice();
    const { vq, tauq } = householderQR(work, m, n, kernel);
    for (let i = 0; i < m; i++) for (let j = 0; j < Math.min(i, n); j++) expect(work[i * n + j]).toBe(0);
    const qr = new Float64Array(m * n);
    qr.set(work.subarray(0, n * n)); // [R; 0]
    applyReflectorsLeft(qr, m, n, vq, m, tauq, n, (j) => j);
    let err = 0;
    for (let i = 0; i < m * n; i++) err = Math.max(err, Math.abs(qr[i] - a[i]));
    expect(err).toBeLessThan(1e-12 * maxAbs(a) * Math.sqrt(m));
  });

  it.each(['wasm', 'js'] as const)('%s: bidiagonalisation reproduces A = Q·B·Pᵀ', (kernel) => {
    const m = 90, n = 41;
    const a = gaussian(m, n, 31);
    const b = bidiagonalize(a, m, n, kernel);
    // Q·B (m×n), then ((Q·B)·Pᵀ)ᵀ = P·(Q·B)ᵀ.
    const qb = new Float64Array(m * n);
    for (let i = 0; i < n; i++) {
      qb[i * n + i] = b.d[i];
      if (i < n - 1) qb[i * n + i + 1] = b.e[i];
    }
    applyReflectorsLeft(qb, m, n, b.vq, m, b.tauq, n, (j) => j);
    const t = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = qb[i * n + j];
    applyReflectorsLeft(t, n, m, b.vp, n, b.taup, n - 1, (j) => j + 1);
    let err = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(t[j * m + i] - a[i * n + j]));
    expect(err).toBeLessThan(1e-12 * maxAbs(a) * Math.sqrt(m));
  });

  it.each([
    ['wasm', 7],
    ['wasm', 13],
    ['js', 7],
  ] as const)('%s: matmulF64 (m = %d) equals a naive triple loop for every transpose, alpha and beta', (kernel, m) => {
    // k and n cross the kernel's 128×256 cache blocks; odd sizes exercise the scalar edges.
    // m = 13 takes the packed 4×4 blocks (m >= 8) with a row and a column left over.
    const n = 261, k = 131;
    const a = gaussian(m, k, 41), b = gaussian(k, n, 42), c0 = gaussian(m, n, 43);
    const at = new Float64Array(k * m), bt = new Float64Array(n * k);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) at[p * m + i] = a[i * k + p];
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
    const ref = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) ref[i * n + j] += a[i * k + p] * b[p * n + j];
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const [alpha, beta] of [[1, 0], [-0.5, 1], [2, -3]]) {
        const c = new Float64Array(m * n + 5).fill(NaN);
        c.set(c0, 5);
        if (beta === 0) c.fill(NaN, 5); // beta = 0 must ignore C, NaN included
        matmulF64(m, n, k, alpha, { data: ta ? at : a, trans: ta }, { data: tb ? bt : b, trans: tb }, beta, c, 5, kernel);
        let err = 0;
        for (let i = 0; i < m * n; i++) err = Math.max(err, Math.abs(c[5 + i] - (alpha * ref[i] + (beta === 0 ? 0 : beta * c0[i]))));
        expect(err).toBeLessThan(1e-12);
        expect(Number.isNaN(c[4])).toBe(true); // nothing written before cOff
      }
    }
  });

  it('matmulF64 splits very wide products into column chunks with the same result', () => {
    // 2×3 times 3×1.1M: the work space would pass its 32 MiB target, so columns go in 2 chunks.
    const m = 2, k = 3, n = 1_100_000;
    const a = gaussian(m, k, 51), b = gaussian(k, n, 52);
    const bt = new Float64Array(n * k);
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
    for (const trans of [false, true]) {
      const c = new Float64Array(m * n).fill(1);
      matmulF64(m, n, k, 1, { data: a }, { data: trans ? bt : b, trans }, 1, c);
      let err = 0;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let want = 1;
          for (let p = 0; p < k; p++) want += a[i * k + p] * b[p * n + j];
          err = Math.max(err, Math.abs(c[i * n + j] - want));
        }
      expect(err).toBeLessThan(1e-13);
    }
  });
});
