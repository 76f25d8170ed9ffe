import { describe, expect, it } from 'vitest';
import { compactWyT } from '../../src/linalg/gpu/backtransform.js';

describe('compact WY form of a block of reflectors (the blocked back-transformation)', () => {
  it('I - V T Vᵀ equals H_1···H_b for reflectors with uᵀu = 2, zero reflectors included', () => {
    const n = 9, b = 5;
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5);
    const V = new Float64Array(n * b); // column j = u_j
    for (let j = 0; j < b; j++) {
      if (j === 2) continue; // no reflector at this step
      let q = 0;
      for (let i = j; i < n; i++) q += (V[i * b + j] = rnd()) ** 2;
      for (let i = j; i < n; i++) V[i * b + j] *= Math.sqrt(2 / q);
    }
    const G = new Float64Array(b * b);
    for (let r = 0; r < b; r++) for (let c = 0; c < b; c++) for (let i = 0; i < n; i++) G[r * b + c] += V[i * b + r] * V[i * b + c];
    const T = compactWyT(G, b);
    // Explicit product H_1···H_b.
    let P = new Float64Array(n * n).map((_, i) => (i % (n + 1) === 0 ? 1 : 0));
    for (let j = 0; j < b; j++) {
      const Q = new Float64Array(n * n);
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += P[r * n + k] * ((k === c ? 1 : 0) - V[k * b + j] * V[c * b + j]);
          Q[r * n + c] = acc;
        }
      P = Q;
    }
    let err = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        let vtv = 0;
        for (let i = 0; i < b; i++) for (let k = 0; k < b; k++) vtv += V[r * b + i] * T[i * b + k] * V[c * b + k];
        err = Math.max(err, Math.abs((r === c ? 1 : 0) - vtv - P[r * n + c]));
      }
    expect(err).toBeLessThan(1e-13);
    for (let r = 1; r < b; r++) for (let c = 0; c < r; c++) expect(T[r * b + c]).toBe(0);
  });
});
