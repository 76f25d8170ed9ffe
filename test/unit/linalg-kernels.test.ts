import { describe, expect, it } from 'vitest';
import {
  applyReflectorsLeft, drain, tridiagonalize, tridiagonalSteps, type KernelChoice,
} from '../../src/linalg/cpu/householder.js';
import { tridiagonalEigen } from '../../src/linalg/cpu/tridiag-eigen.js';
import { wasmKernelsAvailable } from '../../src/linalg/cpu/wasm-kernels.js';
import { jacobiEigenvalues, symmetricGaussian } from './linalg-fixtures.js';

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

  it.each([16, 17, 18, 33, 64, 129])('tridiagonalisation n=%d: SIMD and TypeScript passes agree', (n) => {
    const a = symmetricGaussian(n, 100 + n);
    const before = a.slice();
    const w = tridiagonalize(a, n, 'wasm');
    const j = tridiagonalize(a, n, 'js');
    expect(a).toEqual(before); // the input is left alone
    const scale = maxAbs(a) * n;
    for (let i = 0; i < n; i++) expect(Math.abs(w.d[i] - j.d[i])).toBeLessThan(1e-13 * scale);
    for (let i = 0; i < n - 1; i++) expect(Math.abs(w.e[i] - j.e[i])).toBeLessThan(1e-13 * scale);
    const ref = jacobiEigenvalues(a, n);
    const got = tridiagonalEigen(w.d, w.e, 'none').values;
    for (let i = 0; i < n; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-12 * maxAbs(ref));
  });

  it.each(['wasm', 'js'] as const)('%s: QᵀAQ reproduces T from the stored reflectors', (kernel) => {
    for (const n of [19, 40]) {
      const a = symmetricGaussian(n, 7 * n);
      expect(reductionError(a, n, kernel)).toBeLessThan(1e-12 * maxAbs(a) * n);
    }
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
});
