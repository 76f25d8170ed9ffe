/**
 * Real spherical-harmonic analysis and synthesis on the Gauss–Legendre grid, float64: the CPU
 * twin of shaders/sht/*.wgsl and the reference in tests. Coefficients are packed by lmIndex
 * as pairs (a^c_ℓm, a^s_ℓm) with a^s_ℓ0 = 0, for the real basis of ./legendre.ts.
 */
import type { SphereGrid } from './grid.js';
import { legendreColumn, lmCount, lmIndex } from './legendre.js';

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
export function shtAnalysis(g: SphereGrid, f: ArrayLike<number>, offset = 0, lmax = g.lmax): Float64Array {
  const { nlat, nlon } = g;
  const trig = ringTrig(lmax, nlon);
  const out = new Float64Array(2 * lmCount(lmax));
  const lam = new Float64Array(lmCount(lmax));
  const fc = new Float64Array(lmax + 1);
  const fs = new Float64Array(lmax + 1);
  const dphi = (2 * Math.PI) / nlon;
  for (let j = 0; j < nlat; j++) {
    const base = offset + j * nlon;
    for (let m = 0; m <= lmax; m++) {
      let c = 0;
      let s = 0;
      const t = m * nlon;
      for (let i = 0; i < nlon; i++) {
        const v = f[base + i];
        c += v * trig.cos[t + i];
        s += v * trig.sin[t + i];
      }
      fc[m] = c * dphi;
      fs[m] = s * dphi;
    }
    legendreColumn(g.x[j], lmax, lam);
    const wj = g.w[j];
    for (let m = 0; m <= lmax; m++) {
      const norm = m === 0 ? wj : wj * Math.SQRT2;
      const c = fc[m] * norm;
      const s = fs[m] * norm;
      const i0 = lmIndex(m, m, lmax);
      for (let l = m; l <= lmax; l++) {
        const i = i0 + (l - m);
        out[2 * i] += lam[i] * c;
        out[2 * i + 1] += lam[i] * s;
      }
    }
  }
  return out;
}

/** Inverse transform: field values on the grid (ring-major) from packed coefficients. */
export function shtSynthesis(g: SphereGrid, coeffs: ArrayLike<number>, lmax: number): Float64Array {
  const { nlat, nlon } = g;
  const trig = ringTrig(lmax, nlon);
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
    for (let m = 0; m <= lmax; m++) {
      const t = m * nlon;
      const c = gc[m];
      const s = gs[m];
      if (c === 0 && s === 0) continue;
      for (let i = 0; i < nlon; i++) out[base + i] += c * trig.cos[t + i] + s * trig.sin[t + i];
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

/**
 * Σ over `count` fields (rows of `f`, each nlat·nlon ring-major, starting at `offset`) of their
 * degree powers, and Σ of their (1/4π)∫f²: the batched form of shtPower(shtAnalysis(·)) that
 * computes each ring's Legendre column once for all fields.
 */
export function shtPowerSum(g: SphereGrid, f: ArrayLike<number>, count: number, lmax: number, offset = 0): { power: Float64Array; meanSquare: number } {
  const { nlat, nlon } = g;
  const M = nlat * nlon;
  const trig = ringTrig(lmax, nlon);
  const ntri = lmCount(lmax);
  const acc = new Float64Array(count * 2 * ntri);
  const lam = new Float64Array(ntri);
  const dphi = (2 * Math.PI) / nlon;
  let energy = 0;
  for (let j = 0; j < nlat; j++) {
    legendreColumn(g.x[j], lmax, lam);
    const wj = g.w[j];
    for (let k = 0; k < count; k++) {
      const base = offset + k * M + j * nlon;
      let e = 0;
      for (let i = 0; i < nlon; i++) e += f[base + i] ** 2;
      energy += wj * e;
      const o = k * 2 * ntri;
      for (let m = 0; m <= lmax; m++) {
        let c = 0;
        let s = 0;
        const t = m * nlon;
        for (let i = 0; i < nlon; i++) {
          const v = f[base + i];
          c += v * trig.cos[t + i];
          s += v * trig.sin[t + i];
        }
        const norm = (m === 0 ? wj : wj * Math.SQRT2) * dphi;
        c *= norm;
        s *= norm;
        const i0 = lmIndex(m, m, lmax);
        for (let l = m; l <= lmax; l++) {
          const i = i0 + (l - m);
          acc[o + 2 * i] += lam[i] * c;
          acc[o + 2 * i + 1] += lam[i] * s;
        }
      }
    }
  }
  const power = new Float64Array(lmax + 1);
  for (let k = 0; k < count; k++) {
    const p = shtPower(acc.subarray(k * 2 * ntri, (k + 1) * 2 * ntri), lmax);
    for (let l = 0; l <= lmax; l++) power[l] += p[l];
  }
  return { power, meanSquare: (energy * dphi) / (4 * Math.PI) };
}
