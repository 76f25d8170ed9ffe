/**
 * Real spherical-harmonic analysis and synthesis on the Gauss–Legendre grid, float64: the CPU
 * twin of shaders/sht/*.wgsl and the reference in tests. Coefficients are packed by lmIndex
 * as pairs (a^c_ℓm, a^s_ℓm) with a^s_ℓ0 = 0, for the real basis of ./legendre.ts.
 */
import type { SphereGrid } from './grid.js';
import { matmulF64 } from '../linalg/cpu/matmul-f64.js';
import { legendreColumn, legendreOrders, lmCount, lmIndex } from './legendre.js';
import { FFT_RATIO_CPU, ringFft, ringForward, ringInverse, ringUsesFft } from './fft.js';

/** Ring Fourier route of the twin: 'auto' picks the FFT by {@link ringUsesFft}. */
export type RingMode = 'fft' | 'direct' | 'auto';
const useFft = (nlon: number, mcount: number, mode: RingMode): boolean =>
  mode === 'auto' ? ringUsesFft(nlon, mcount, FFT_RATIO_CPU) : mode === 'fft';

interface Trig {
  cos: Float64Array;
  sin: Float64Array;
}
const trigCache = new Map<string, Trig>();

/** cos(m φ_i), sin(m φ_i) for m ≤ lmax, i < nlon, row-major in m. Exact reduction of m·i mod nlon. */
export function ringTrig(lmax: number, nlon: number): Trig {
  const key = `${lmax}|${nlon}`;
  const hit = trigCache.get(key);
  if (hit) return hit;
  const cos = new Float64Array((lmax + 1) * nlon);
  const sin = new Float64Array((lmax + 1) * nlon);
  for (let m = 0; m <= lmax; m++)
    for (let i = 0; i < nlon; i++) {
      const a = (2 * Math.PI * ((m * i) % nlon)) / nlon;
      cos[m * nlon + i] = Math.cos(a);
      sin[m * nlon + i] = Math.sin(a);
    }
  const t = { cos, sin };
  trigCache.set(key, t);
  return t;
}

/** Forward transform of one field (ring-major values starting at `offset`) up to `lmax` ≤ grid lmax. */
export function shtAnalysis(g: SphereGrid, f: ArrayLike<number>, offset = 0, lmax = g.lmax, ring: RingMode = 'auto'): Float64Array {
  const out = new Float64Array(2 * lmCount(lmax));
  analyse(g, f, 1, lmax, offset, ring, (m, R, len) => {
    const i0 = lmIndex(m, m, lmax);
    for (let l = 0; l < len; l++) {
      out[2 * (i0 + l)] = R[l];
      out[2 * (i0 + l) + 1] = R[len + l];
    }
  });
  return out;
}

/** Inverse transform: field values on the grid (ring-major) from packed coefficients. */
export function shtSynthesis(g: SphereGrid, coeffs: ArrayLike<number>, lmax: number, ring: RingMode = 'auto'): Float64Array {
  const { nlat, nlon } = g;
  const fft = useFft(nlon, lmax + 1, ring) ? ringFft(nlon) : null;
  const trig = fft ? null : ringTrig(lmax, nlon);
  const gcs = new Float64Array(2 * (lmax + 1));
  const out = new Float64Array(nlat * nlon);
  const lam = new Float64Array(lmCount(lmax));
  const gc = new Float64Array(lmax + 1);
  const gs = new Float64Array(lmax + 1);
  for (let j = 0; j < nlat; j++) {
    legendreColumn(g.x[j], lmax, lam);
    for (let m = 0; m <= lmax; m++) {
      let c = 0;
      let s = 0;
      const i0 = lmIndex(m, m, lmax);
      for (let l = m; l <= lmax; l++) {
        const i = i0 + (l - m);
        c += lam[i] * coeffs[2 * i];
        s += lam[i] * coeffs[2 * i + 1];
      }
      const norm = m === 0 ? 1 : Math.SQRT2;
      gc[m] = c * norm;
      gs[m] = m === 0 ? 0 : s * norm;
    }
    const base = j * nlon;
    if (fft) {
      for (let m = 0; m <= lmax; m++) (gcs[2 * m] = gc[m]), (gcs[2 * m + 1] = gs[m]);
      ringInverse(fft, gcs, 0, lmax + 1, out, base);
      continue;
    }
    for (let m = 0; m <= lmax; m++) {
      const t = m * nlon;
      const c = gc[m];
      const s = gs[m];
      if (c === 0 && s === 0) continue;
      for (let i = 0; i < nlon; i++) out[base + i] += c * trig!.cos[t + i] + s * trig!.sin[t + i];
    }
  }
  return out;
}

/** Σ_m (a^c_ℓm² + a^s_ℓm²) for each ℓ ≤ lmax. */
export function shtPower(coeffs: ArrayLike<number>, lmax: number): Float64Array {
  const out = new Float64Array(lmax + 1);
  for (let m = 0; m <= lmax; m++) {
    const i0 = lmIndex(m, m, lmax);
    for (let l = m; l <= lmax; l++) {
      const i = i0 + (l - m);
      out[l] += coeffs[2 * i] ** 2 + coeffs[2 * i + 1] ** 2;
    }
  }
  return out;
}

/** (cos, sin)(m φ_i) as an nlon × 2(lmax+1) matrix, column 2m cos and 2m+1 sin: the ring transform as a product. */
const trigTCache = new Map<string, Float64Array>();
function ringTrigT(lmax: number, nlon: number): Float64Array {
  const key = `${lmax}|${nlon}`;
  const hit = trigTCache.get(key);
  if (hit) return hit;
  const { cos, sin } = ringTrig(lmax, nlon);
  const t = new Float64Array(nlon * 2 * (lmax + 1));
  for (let i = 0; i < nlon; i++)
    for (let m = 0; m <= lmax; m++) {
      t[(i * (lmax + 1) + m) * 2] = cos[m * nlon + i];
      t[(i * (lmax + 1) + m) * 2 + 1] = sin[m * nlon + i];
    }
  trigTCache.set(key, t);
  return t;
}

/**
 * Σ over `count` fields (rows of `f`, each nlat·nlon ring-major, starting at `offset`) of their
 * degree powers, and Σ of their (1/4π)∫f²: the batched form of shtPower(shtAnalysis(·)).
 */
export function shtPowerSum(
  g: SphereGrid, f: ArrayLike<number>, count: number, lmax: number, offset = 0, ring: RingMode = 'auto',
): { power: Float64Array; meanSquare: number } {
  const { nlat, nlon } = g;
  const M = nlat * nlon;
  let energy = 0;
  for (let k = 0; k < count; k++)
    for (let j = 0; j < nlat; j++) {
      const base = offset + k * M + j * nlon;
      let e = 0;
      for (let i = 0; i < nlon; i++) e += f[base + i] ** 2;
      energy += g.w[j] * e;
    }
  const power = new Float64Array(lmax + 1);
  analyse(g, f, count, lmax, offset, ring, (m, R, len) => {
    for (let r = 0; r < 2 * count; r++)
      for (let l = 0; l < len; l++) power[m + l] += R[r * len + l] ** 2;
  });
  return { power, meanSquare: (energy * ((2 * Math.PI) / nlon)) / (4 * Math.PI) };
}

/**
 * The forward transform of `count` fields as two kinds of matrix product (matmulF64): the ring
 * transform of all count·nlat rings at once, then for each order m the weighted Legendre sums
 * of all fields. Hands each order's coefficients to `onOrder` as R (2·count × len, len =
 * lmax - m + 1): row 2k holds a^c_ℓm of field k for ℓ = m..lmax, row 2k+1 a^s_ℓm. Memory is
 * O(count·nlat·lmax): the Legendre values are made one order at a time, each ring's sectoral
 * seed carried from the order before.
 */
function analyse(
  g: SphereGrid, f: ArrayLike<number>, count: number, lmax: number, offset: number, ring: RingMode,
  onOrder: (m: number, R: Float64Array, len: number) => void,
): void {
  const { nlat, nlon } = g;
  const mc = lmax + 1;
  const dphi = (2 * Math.PI) / nlon;
  // F[(k·nlat + j), 2m + {0, 1}] = Σ_i f_k(θ_j, φ_i)·(cos, sin)(m φ_i).
  const F = new Float64Array(count * nlat * 2 * mc);
  if (useFft(nlon, mc, ring)) {
    const w = ringFft(nlon);
    for (let r = 0; r < count * nlat; r++) ringForward(w, f, offset + r * nlon, mc, 1, F, r * 2 * mc);
  } else matmulF64(count * nlat, 2 * mc, nlon, 1, { data: f, offset }, { data: ringTrigT(lmax, nlon) }, 0, F);
  const Am = new Float64Array(2 * count * nlat);
  const Lm = new Float64Array(nlat * mc);
  const R = new Float64Array(2 * count * mc);
  for (const m of legendreOrders(g.x, lmax, Lm)) {
    const len = mc - m;
    const norm = (m === 0 ? 1 : Math.SQRT2) * dphi;
    // Lm[j, l - m] = w_j·λ_ℓm(x_j)·norm; Am rows 2k, 2k+1 = the cos and sin parts of field k.
    for (let j = 0; j < nlat; j++) {
      const wj = g.w[j] * norm;
      for (let l = 0; l < len; l++) Lm[j * len + l] *= wj;
    }
    for (let k = 0; k < count; k++)
      for (let j = 0; j < nlat; j++) {
        const src = (k * nlat + j) * 2 * mc + 2 * m;
        Am[2 * k * nlat + j] = F[src];
        Am[(2 * k + 1) * nlat + j] = F[src + 1];
      }
    matmulF64(2 * count, len, nlat, 1, { data: Am }, { data: Lm }, 0, R);
    onOrder(m, R, len);
  }
}
