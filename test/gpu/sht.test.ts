import { afterAll, describe, expect, it } from 'vitest';
import { storageBuffer } from '../../src/gpu/buffers.js';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { normalAt } from '../../src/rng/philox.js';
import { sphereGrid } from '../../src/sphere/grid.js';
import { lmCount } from '../../src/sphere/legendre.js';
import { shtPower, shtSynthesis } from '../../src/sphere/sht-cpu.js';
import { shtGpu, shtSynthesisGpu, type LegendreMode } from '../../src/sphere/sht-gpu.js';

afterAll(releaseDevice);

function randomCoeffs(lmax: number, seed: number): Float64Array {
  const n = lmCount(lmax);
  const a = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    a[2 * i] = normalAt(seed, 16, i, 0, 0, 0);
    a[2 * i + 1] = i <= lmax ? 0 : normalAt(seed, 16, i, 1, 0, 0);
  }
  return a;
}

describe('GPU spherical-harmonic analysis', () => {
  // lmax 300 is above ℓ ≈ 240, where a plain f32 Legendre recursion would underflow; the
  // on-the-fly route runs that recursion with extended-range seeds. Five fields exercise a
  // full and a partial group of four per workgroup; nlat = 301 has a middle ring paired with itself.
  const cases: Array<[number, number, LegendreMode]> = [[64, 2, 'table'], [300, 2, 'table'], [127, 5, 'fly'], [300, 1, 'fly']];
  for (const [lmax, count, legendre] of cases) {
    it(`recovers band-limited coefficients at lmax ${lmax} to f32 precision (${legendre}, ${count} fields)`, async () => {
      const ctx = await getGpu();
      const g = sphereGrid(lmax);
      const coeffs = Array.from({ length: count }, (_, k) => randomCoeffs(lmax, k + 1));
      const M = g.nlat * g.nlon;
      const f = new Float32Array(count * M);
      coeffs.forEach((a, k) => f.set(shtSynthesis(g, a, lmax), k * M));
      const buf = storageBuffer(ctx.device, f, 'fields');
      const r = await shtGpu(ctx, buf, count, g, lmax, { coeffs: true, legendre });
      buf.destroy();
      const n2 = 2 * lmCount(lmax);
      for (let k = 0; k < count; k++) {
        let err = 0;
        for (let i = 0; i < n2; i++) err = Math.max(err, Math.abs(r.coeffs![k * n2 + i] - coeffs[k][i]));
        expect(err).toBeLessThan(2e-4);
        const pw = shtPower(coeffs[k], lmax);
        for (let l = 0; l <= lmax; l++) expect(Math.abs(r.power[k * (lmax + 1) + l] - pw[l]) / pw[l]).toBeLessThan(1e-3);
        // Parseval: the grid energy equals the total power.
        const total = pw.reduce((s, v) => s + v, 0) / (4 * Math.PI);
        expect(Math.abs(r.meanSquare[k] - total) / total).toBeLessThan(1e-5);
      }
    });
  }

  it('splits the Legendre table when it exceeds a binding, with the same result', async () => {
    const ctx = await getGpu();
    const lmax = 20;
    const g = sphereGrid(lmax);
    const f = Float32Array.from(shtSynthesis(g, randomCoeffs(lmax, 5), lmax));
    const buf = storageBuffer(ctx.device, f, 'fields');
    const whole = await shtGpu(ctx, buf, 1, g, lmax, { coeffs: true, legendre: 'table' });
    const split = await shtGpu(ctx, buf, 1, g, lmax, { coeffs: true, memoryCapBytes: 4 * g.nlat * 37, legendre: 'table' });
    buf.destroy();
    expect(Array.from(split.coeffs!)).toEqual(Array.from(whole.coeffs!));
  });

  it('synthesis matches the float64 twin, with whole or split tables or on the fly', async () => {
    const ctx = await getGpu();
    const lmax = 64;
    const g = sphereGrid(lmax);
    const a = [randomCoeffs(lmax, 8), randomCoeffs(lmax, 9)];
    const n2 = 2 * lmCount(lmax);
    const packed = new Float32Array(2 * n2);
    a.forEach((c, k) => packed.set(c, k * n2));
    const want = [shtSynthesis(g, a[0], lmax), shtSynthesis(g, a[1], lmax)];
    const M = g.nlat * g.nlon;
    const routes: Array<[number | undefined, LegendreMode]> = [[undefined, 'table'], [4 * g.nlat * 500, 'table'], [undefined, 'fly']];
    for (const [cap, legendre] of routes) {
      const f = await shtSynthesisGpu(ctx, packed, 2, g, lmax, { memoryCapBytes: cap, legendre });
      let err = 0;
      let scale = 0;
      for (let k = 0; k < 2; k++)
        for (let p = 0; p < M; p++) {
          err = Math.max(err, Math.abs(f[k * M + p] - want[k][p]));
          scale = Math.max(scale, Math.abs(want[k][p]));
        }
      expect(err / scale).toBeLessThan(1e-5);
    }
  });
});

describe('GPU ring transforms by FFT', () => {
  it('FFT and direct rings give the twin’s coefficients and fields (nlon 82 = 2·41, smooth 90, 128)', async () => {
    const ctx = await getGpu();
    const lmax = 40;
    for (const nlon of [82, 90, 128]) {
      const g = sphereGrid(lmax, nlon);
      const count = 3;
      const coeffs = Array.from({ length: count }, (_, k) => randomCoeffs(lmax, 20 + k));
      const M = g.nlat * g.nlon;
      const want = new Float32Array(count * M);
      coeffs.forEach((a, k) => want.set(shtSynthesis(g, a, lmax), k * M));
      const n2 = 2 * lmCount(lmax);
      const packed = new Float32Array(count * n2);
      coeffs.forEach((a, k) => packed.set(a, k * n2));
      const buf = storageBuffer(ctx.device, want, 'fields');
      for (const ring of ['fft', 'direct'] as const) {
        const r = await shtGpu(ctx, buf, count, g, lmax, { coeffs: true, ring, legendre: 'fly' });
        let err = 0;
        for (let k = 0; k < count; k++) for (let i = 0; i < n2; i++) err = Math.max(err, Math.abs(r.coeffs![k * n2 + i] - coeffs[k][i]));
        expect(err).toBeLessThan(2e-5);
        const f = await shtSynthesisGpu(ctx, packed, count, g, lmax, { ring, legendre: 'fly' });
        let ferr = 0;
        let scale = 0;
        for (let p = 0; p < count * M; p++) {
          ferr = Math.max(ferr, Math.abs(f[p] - want[p]));
          scale = Math.max(scale, Math.abs(want[p]));
        }
        expect(ferr / scale).toBeLessThan(1e-5);
      }
      buf.destroy();
    }
  });
});
