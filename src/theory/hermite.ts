/**
 * Hermite expansion of an activation: φ(√q x) = Σ a_k h_k(x) with h_k = He_k/√k! orthonormal
 * under N(0,1). The normalized layer map is then κ(ρ) = Σ β_k ρ^k with β_k = a_k²/E[φ²] ≥ 0,
 * Σ β_k = 1 — the offspring law of docs/conventions.md. Coefficients come from the trapezoid rule on a
 * uniform grid, which converges geometrically for activations analytic in a strip (tanh,
 * sigmoid, gelu, silu, softplus, ...); the caller checks Σβ = 1 and Σkβ = κ'(1) to detect
 * activations for which it does not (kinks), and falls back to the polar quadrature.
 */

const GRID_HALF_WIDTH = 14;
const INV_SQRT_2PI = 0.3989422804014327;

export interface HermiteExpansion {
  /** a_k for k = 0..count-1 (unnormalized: Σ a_k² = E[φ(√q Z)²]). */
  a: Float64Array;
  /** Σ a_k² over the whole grid (the grid's E[φ(√q Z)²]); NaN if φ is not finite on the grid. */
  m2: number;
}

/** Hermite coefficients of x ↦ φ(√q x) for k < count by the trapezoid rule. */
export function hermiteExpansion(phi: (x: number) => number, q: number, count: number): HermiteExpansion {
  const s = Math.sqrt(q);
  const h = 0.04 / Math.max(1, s);
  const n = Math.ceil(GRID_HALF_WIDTH / h);
  const a = new Float64Array(count);
  let m2 = 0;
  for (let i = -n; i <= n; i++) {
    const x = i * h;
    const f = phi(s * x);
    if (!Number.isFinite(f)) return { a, m2: NaN };
    const c = h * INV_SQRT_2PI * Math.exp(-0.5 * x * x) * f;
    if (c === 0) continue;
    m2 += c * f;
    let hm = 0;
    let hk = 1;
    a[0] += c;
    for (let k = 1; k < count; k++) {
      const hn = (x * hk - Math.sqrt(k - 1) * hm) / Math.sqrt(k);
      hm = hk;
      hk = hn;
      a[k] += c * hk;
    }
  }
  return { a, m2 };
}
