/**
 * E[f(u) g(v)] for a standard bivariate normal (u, v) with correlation cos θ, by quadrature in
 * polar coordinates: (u, v) = (r cos α, r cos(α - θ)). Kinks of f and g at 0 sit on the lines
 * α = ±π/2 and α = θ ± π/2 whatever r, so splitting the α-circle there leaves an analytic
 * integrand on every sector — ReLU-like, ELU and relu_pow activations converge geometrically.
 * Tabulated as a Chebyshev series in θ ∈ [0, π] (analytic in θ for such activations).
 */
import { compositeGaussLegendre, gaussLegendre } from '../sphere/quadrature.js';

let rRule: { r: Float64Array; w: Float64Array } | null = null;

function radialRule(): { r: Float64Array; w: Float64Array } {
  if (!rRule) {
    const g = compositeGaussLegendre([0, 1, 2, 3, 4, 5, 6, 7, 8, 9.5, 11, 13], 12);
    const w = new Float64Array(g.x.length);
    for (let i = 0; i < w.length; i++) w[i] = g.w[i] * g.x[i] * Math.exp(-0.5 * g.x[i] * g.x[i]);
    rRule = { r: g.x, w };
  }
  return rRule;
}

const ALPHA_POINTS = 24;

/** E[f(u) g(v)], corr(u, v) = cos θ, θ ∈ [0, π]. */
export function polarExpectation(f: (x: number) => number, g: (x: number) => number, theta: number): number {
  const { r, w } = radialRule();
  const ga = gaussLegendre(ALPHA_POINTS);
  const TWO_PI = 2 * Math.PI;
  const b = [Math.PI / 2, (3 * Math.PI) / 2, (theta + Math.PI / 2) % TWO_PI, (theta + (3 * Math.PI) / 2) % TWO_PI].sort((x, y) => x - y);
  let total = 0;
  for (let s = 0; s < 4; s++) {
    const a0 = b[s];
    const a1 = s === 3 ? b[0] + TWO_PI : b[s + 1];
    if (!(a1 - a0 > 0)) continue;
    // two halves per sector: the integrand steepens toward sector ends at large r
    for (let half = 0; half < 2; half++) {
      const lo = half === 0 ? a0 : 0.5 * (a0 + a1);
      const hi = half === 0 ? 0.5 * (a0 + a1) : a1;
      const c = 0.5 * (lo + hi);
      const hw = 0.5 * (hi - lo);
      for (let j = 0; j < ALPHA_POINTS; j++) {
        const al = c + hw * ga.x[j];
        const ca = Math.cos(al);
        const cb = Math.cos(al - theta);
        let inner = 0;
        for (let k = 0; k < r.length; k++) inner += w[k] * f(r[k] * ca) * g(r[k] * cb);
        total += hw * ga.w[j] * inner;
      }
    }
  }
  return total / TWO_PI;
}

/** Chebyshev coefficients of θ ↦ F(θ) on [0, π] from M+1 Lobatto points (θ_0 = 0, θ_M = π). */
export function chebyshevFit(F: (theta: number) => number, M: number): Float64Array {
  const vals = new Float64Array(M + 1);
  for (let j = 0; j <= M; j++) vals[j] = F((Math.PI / 2) * (1 - Math.cos((j * Math.PI) / M)));
  const c = new Float64Array(M + 1);
  for (let k = 0; k <= M; k++) {
    let s = 0;
    for (let j = 0; j <= M; j++) {
      const term = vals[j] * Math.cos((j * k * Math.PI) / M);
      s += j === 0 || j === M ? 0.5 * term : term;
    }
    c[k] = ((k === 0 || k === M ? 1 : 2) / M) * s;
  }
  // Lobatto nodes x_j = -cos(jπ/M) reversed orientation: x = 2θ/π - 1 = -cos(jπ/M) ⇒ T_k(x_j) = (-1)^k cos(jkπ/M)
  for (let k = 1; k <= M; k += 2) c[k] = -c[k];
  return c;
}

/** Evaluates Σ c_k T_k(2θ/π - 1) by Clenshaw's recurrence. */
export function chebyshevEval(c: Float64Array, theta: number): number {
  const x = (2 * theta) / Math.PI - 1;
  const x2 = 2 * x;
  let b1 = 0;
  let b2 = 0;
  for (let k = c.length - 1; k >= 1; k--) {
    const b0 = c[k] + x2 * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return c[0] + x * b1 - b2;
}
