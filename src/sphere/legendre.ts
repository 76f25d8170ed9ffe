/**
 * Orthonormal associated Legendre functions λ_ℓm(x) = √((2ℓ+1)/(4π) (ℓ-m)!/(ℓ+m)!) P_ℓ^m(x)
 * (no Condon–Shortley phase), in float64 by the standard column recursion in ℓ at fixed m.
 * Real spherical harmonics: Y_ℓ0 = λ_ℓ0(cos θ), Y_ℓm^c = √2 λ_ℓm cos mφ, Y_ℓm^s = √2 λ_ℓm sin mφ.
 *
 * Guarantee: near the poles the sectoral seeds λ_mm ∝ sin^m θ underflow float64 for large m,
 * but at lmax ≤ 1500 every value lost that way is below 1e-200, so results are accurate to
 * float64 rounding. (In float32 the same recursion fails above ℓ ≈ 240; the GPU therefore
 * receives tables computed here.)
 */

/** Index of (ℓ, m), m ≤ ℓ ≤ lmax, in the m-major packed layout used everywhere. */
export function lmIndex(l: number, m: number, lmax: number): number {
  return (m * (2 * lmax + 3 - m)) / 2 + (l - m);
}

/** Number of (ℓ, m) pairs with 0 ≤ m ≤ ℓ ≤ lmax. */
export function lmCount(lmax: number): number {
  return ((lmax + 1) * (lmax + 2)) / 2;
}

/** (ℓ, m) of each packed index. */
export function lmPairs(lmax: number): Uint32Array {
  const out = new Uint32Array(2 * lmCount(lmax));
  for (let m = 0; m <= lmax; m++)
    for (let l = m; l <= lmax; l++) {
      const i = lmIndex(l, m, lmax);
      out[2 * i] = l;
      out[2 * i + 1] = m;
    }
  return out;
}

/** λ_ℓm(x) for all m ≤ ℓ ≤ lmax, packed by lmIndex, into `out`. */
export function legendreColumn(x: number, lmax: number, out = new Float64Array(lmCount(lmax))): Float64Array {
  const s = sectoralFactor(x);
  let pmm = SECTORAL_SEED;
  let idx = 0;
  for (let m = 0; m <= lmax; m++) {
    if (m > 0) pmm = nextSectoral(pmm, m, s);
    legendreOrder(x, m, lmax, pmm, out, idx);
    idx += lmax + 1 - m;
  }
  return out;
}

/** λ_00 = 1/√(4π), where every sectoral recursion starts. */
const SECTORAL_SEED = 1 / Math.sqrt(4 * Math.PI);

/** sin θ = √(1 - x²) for x = cos θ, without cancellation near x = ±1. */
const sectoralFactor = (x: number): number => Math.sqrt(Math.max(0, (1 - x) * (1 + x)));

/** λ_mm from λ_{m-1,m-1} (s = sin θ). */
const nextSectoral = (prev: number, m: number, s: number): number => prev * Math.sqrt((2 * m + 1) / (2 * m)) * s;

/**
 * The ℓ-recursion's coefficients at fixed m, λ_ℓm = a_ℓ(x λ_{ℓ-1,m} - b_ℓ λ_{ℓ-2,m}), stored at
 * index ℓ - m (entries 0 and 1 unused): shared by every x, so batched callers compute them once.
 */
function legendreRecurrence(m: number, lmax: number): { a: Float64Array; b: Float64Array } {
  const len = Math.max(0, lmax - m + 1);
  const a = new Float64Array(len);
  const b = new Float64Array(len);
  for (let l = m + 2; l <= lmax; l++) {
    a[l - m] = Math.sqrt((4 * l * l - 1) / (l * l - m * m));
    b[l - m] = Math.sqrt(((l - 1) * (l - 1) - m * m) / (4 * (l - 1) * (l - 1) - 1));
  }
  return { a, b };
}

/**
 * λ_ℓm(x) for ℓ = m..lmax at fixed m into out[off + ℓ - m], from the sectoral seed pmm = λ_mm(x)
 * (`rec`: this m's {@link legendreRecurrence}, computed here when not given).
 */
function legendreOrder(
  x: number, m: number, lmax: number, pmm: number, out: Float64Array, off: number,
  rec = legendreRecurrence(m, lmax),
): void {
  out[off] = pmm;
  if (m >= lmax) return;
  const { a, b } = rec;
  let p1 = Math.sqrt(2 * m + 3) * x * pmm;
  out[off + 1] = p1;
  let p0 = pmm;
  for (let i = 2; i <= lmax - m; i++) {
    const p2 = a[i] * (x * p1 - b[i] * p0);
    out[off + i] = p2;
    p0 = p1;
    p1 = p2;
  }
}

/**
 * λ_ℓm(x_j) at every x_j, one order m = 0, 1, …, lmax at a time, into out[j·len + ℓ - m]
 * (len = lmax - m + 1; `out` holds at least x.length·(lmax + 1)); yields m once the order is
 * filled. Each x's sectoral seed is carried from the order before and the ℓ-recursion's
 * coefficients are shared by all x: O(x.length·lmax) memory for the whole table's work.
 */
export function* legendreOrders(x: ArrayLike<number>, lmax: number, out: Float64Array): Generator<number, void> {
  const n = x.length;
  const seed = new Float64Array(n).fill(SECTORAL_SEED);
  const sinT = Float64Array.from(x, sectoralFactor);
  for (let m = 0; m <= lmax; m++) {
    const rec = legendreRecurrence(m, lmax);
    const len = lmax - m + 1;
    for (let j = 0; j < n; j++) {
      if (m > 0) seed[j] = nextSectoral(seed[j], m, sinT[j]);
      legendreOrder(x[j], m, lmax, seed[j], out, j * len, rec);
    }
    yield m;
  }
}
