import { describe, expect, it } from 'vitest';
import { fftComplex, fftPlan, fftRadices, ringFft, ringForward, ringInverse } from '../../src/sphere/fft.js';
import { smoothRingLength, sphereGrid } from '../../src/sphere/grid.js';
import { lmCount } from '../../src/sphere/legendre.js';
import { shtAnalysis, shtPowerSum, shtSynthesis } from '../../src/sphere/sht-cpu.js';
import { normalAt } from '../../src/rng/philox.js';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
};

function randomCoeffs(lmax: number, seed: number): Float64Array {
  const a = new Float64Array(2 * lmCount(lmax));
  for (let i = 0; i < a.length; i++) a[i] = i % 2 === 1 && i < 2 * (lmax + 1) ? 0 : normalAt(seed, 16, i, 0, 0, 0);
  return a;
}

describe('mixed-radix FFT (float64 twin of the WGSL stages)', () => {
  it('factors lengths into radices 4, 2, 3, 5 and leftover primes', () => {
    expect(fftRadices(1)).toEqual([]);
    expect(fftRadices(128)).toEqual([4, 4, 4, 2]);
    expect(fftRadices(360)).toEqual([4, 2, 3, 3, 5]);
    expect(fftRadices(2 * 7 * 13)).toEqual([2, 7, 13]);
  });

  it('equals the direct DFT for smooth, prime and composite lengths, both directions', () => {
    for (const n of [1, 2, 3, 4, 5, 6, 8, 12, 30, 49, 64, 65, 97, 120]) {
      const x = new Float64Array(2 * n).map((_, i) => Math.sin(i * 1.7 + 0.3));
      for (const inverse of [false, true]) {
        const y = Float64Array.from(x);
        fftComplex(fftPlan(n), y, inverse);
        const sg = inverse ? 1 : -1;
        const want = new Float64Array(2 * n);
        for (let k = 0; k < n; k++)
          for (let t = 0; t < n; t++) {
            const a = (sg * 2 * Math.PI * ((k * t) % n)) / n;
            want[2 * k] += x[2 * t] * Math.cos(a) - x[2 * t + 1] * Math.sin(a);
            want[2 * k + 1] += x[2 * t] * Math.sin(a) + x[2 * t + 1] * Math.cos(a);
          }
        expect(maxDiff(y, want)).toBeLessThan(1e-12 * n);
      }
    }
  });

  it('real ring transforms match the cos/sin sums, forward and inverse', () => {
    for (const N of [2, 6, 10, 16, 128, 130, 150]) {
      const w = ringFft(N);
      const mc = N / 2;
      const f = new Float64Array(N + 3).map((_, i) => Math.cos(i * 0.77) + i * 0.01);
      const out = new Float64Array(2 * mc + 1);
      ringForward(w, f, 3, mc, 0.5, out, 1);
      const want = new Float64Array(2 * mc + 1);
      for (let m = 0; m < mc; m++)
        for (let i = 0; i < N; i++) {
          want[1 + 2 * m] += 0.5 * f[3 + i] * Math.cos((2 * Math.PI * m * i) / N);
          want[2 + 2 * m] += 0.5 * f[3 + i] * Math.sin((2 * Math.PI * m * i) / N);
        }
      expect(maxDiff(out, want)).toBeLessThan(1e-12 * N);
      const g = new Float64Array(2 * mc).map((_, i) => Math.sin(i * 0.3 + 1));
      const back = new Float64Array(N);
      ringInverse(w, g, 0, mc, back, 0);
      const wantBack = new Float64Array(N);
      for (let i = 0; i < N; i++)
        for (let m = 0; m < mc; m++) wantBack[i] += g[2 * m] * Math.cos((2 * Math.PI * m * i) / N) + g[2 * m + 1] * Math.sin((2 * Math.PI * m * i) / N);
      expect(maxDiff(back, wantBack)).toBeLessThan(1e-12 * N);
    }
  });
});

describe('SHT twin with FFT rings', () => {
  it('smooth ring lengths are 2^a·3^b·5^c, even, ≥ 2 lmax + 2', () => {
    expect(smoothRingLength(63)).toBe(128);
    expect(smoothRingLength(64)).toBe(144);
    expect(smoothRingLength(100)).toBe(216);
    expect(() => sphereGrid(10, 20)).toThrow(/nlon/);
  });

  it('FFT and direct routes agree (default and smooth nlon), and a round trip at lmax 255 is exact to rounding', () => {
    for (const [lmax, nlon] of [[40, 82], [40, 90], [31, 64]]) {
      const g = sphereGrid(lmax, nlon);
      const a = randomCoeffs(lmax, lmax);
      const fd = shtSynthesis(g, a, lmax, 'direct');
      const ff = shtSynthesis(g, a, lmax, 'fft');
      expect(maxDiff(ff, fd)).toBeLessThan(1e-12);
      expect(maxDiff(shtAnalysis(g, fd, 0, lmax, 'fft'), a)).toBeLessThan(1e-12);
      expect(maxDiff(shtAnalysis(g, fd, 0, lmax, 'direct'), a)).toBeLessThan(1e-12);
      const two = new Float64Array(2 * fd.length);
      two.set(fd);
      two.set(ff, fd.length);
      const pf = shtPowerSum(g, two, 2, lmax, 0, 'fft');
      const pd = shtPowerSum(g, two, 2, lmax, 0, 'direct');
      expect(maxDiff(pf.power, pd.power)).toBeLessThan(1e-10);
    }
    const lmax = 255;
    const g = sphereGrid(lmax, smoothRingLength(lmax));
    const a = randomCoeffs(lmax, 3);
    const b = shtAnalysis(g, shtSynthesis(g, a, lmax, 'fft'), 0, lmax, 'fft');
    expect(maxDiff(b, a)).toBeLessThan(1e-11);
  });
});
