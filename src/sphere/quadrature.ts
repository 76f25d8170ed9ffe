/**
 * Float64 Gauss quadrature rules: Gauss–Legendre on [-1, 1] (any n, Newton on the Legendre
 * recurrence, cached), composite rules on arbitrary panels, and Gauss–Gegenbauer rules for
 * the weight (1-t²)^{λ-1/2} (λ = (d-2)/2 on S^{d-1}).
 */
import { tridiagonalEigen } from '../linalg/cpu/tridiag-eigen.js';

export interface QuadratureRule {
  /** Nodes, ascending. */
  x: Float64Array;
  /** Weights. */
  w: Float64Array;
}

const glCache = new Map<number, QuadratureRule>();

/**
 * n-point Gauss–Legendre rule on [-1, 1]: exact for polynomials of degree ≤ 2n-1. Nodes and
 * weights to about 1 ulp (Newton from Tricomi's asymptotic guess, P_n by its recurrence).
 */
export function gaussLegendre(n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussLegendre: n must be a positive integer (got ${n})`);
  const hit = glCache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    // Tricomi: x_i ≈ (1 - (n-1)/(8n³)) cos(π(4i+3)/(4n+2)); largest root first.
    let z = (1 - (n - 1) / (8 * n * n * n)) * Math.cos((Math.PI * (4 * i + 3)) / (4 * n + 2));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (n === 1) p0 = 1;
      // P_n'(z) = n (z P_n - P_{n-1}) / (z² - 1)
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16 * Math.max(1, Math.abs(z))) {
        // one more derivative at the converged point for the weight
        let q0 = 1;
        let q1 = z;
        for (let k = 2; k <= n; k++) {
          const q2 = ((2 * k - 1) * z * q1 - (k - 1) * q0) / k;
          q0 = q1;
          q1 = q2;
        }
        if (n === 1) q0 = 1;
        dp = (n * (z * q1 - q0)) / (z * z - 1);
        break;
      }
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    const wi = 2 / ((1 - z * z) * dp * dp);
    w[i] = wi;
    w[n - 1 - i] = wi;
  }
  if (n % 2 === 1) x[(n - 1) / 2] = 0;
  const rule = { x, w };
  glCache.set(n, rule);
  return rule;
}

/**
 * Composite Gauss–Legendre rule: `pointsPerPanel` nodes on each panel [breaks[i], breaks[i+1]]
 * (breaks ascending). Panels of zero width are skipped.
 */
export function compositeGaussLegendre(breaks: ArrayLike<number>, pointsPerPanel: number): QuadratureRule {
  const g = gaussLegendre(pointsPerPanel);
  const xs: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const a = breaks[i];
    const b = breaks[i + 1];
    if (!(b > a)) continue;
    const c = 0.5 * (a + b);
    const h = 0.5 * (b - a);
    for (let j = 0; j < pointsPerPanel; j++) {
      xs.push(c + h * g.x[j]);
      ws.push(h * g.w[j]);
    }
  }
  return { x: Float64Array.from(xs), w: Float64Array.from(ws) };
}

/**
 * n-point Gauss–Gegenbauer rule for ∫_{-1}^{1} f(t) (1-t²)^{λ-1/2} dt (λ > -1/2): exact for
 * polynomials of degree ≤ 2n-1. Nodes: eigenvalues of the Jacobi matrix (implicit QL), polished
 * by Newton on the orthonormal recurrence; weights from the Christoffel formula. λ = 1/2 is
 * Gauss–Legendre; λ = 0 is Gauss–Chebyshev (closed form).
 */
export function gaussGegenbauer(n: number, lambda: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussGegenbauer: n must be a positive integer (got ${n})`);
  if (!(lambda > -0.5)) throw new RangeError(`gaussGegenbauer: lambda must be > -1/2 (got ${lambda})`);
  if (lambda === 0.5) return gaussLegendre(n);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  if (lambda === 0) {
    for (let i = 0; i < n; i++) {
      x[n - 1 - i] = Math.cos((Math.PI * (i + 0.5)) / n);
      w[i] = Math.PI / n;
    }
    return { x, w };
  }
  // Orthonormal recurrence: t p_k = a_{k+1} p_{k+1} + a_k p_{k-1}, a_k² = k(k+2λ-1)/(4(k+λ)(k+λ-1)).
  const a = new Float64Array(n + 1);
  for (let k = 1; k <= n; k++) {
    a[k] = k === 1 && lambda === 0 ? Math.SQRT1_2 : Math.sqrt((k * (k + 2 * lambda - 1)) / (4 * (k + lambda) * (k + lambda - 1)));
  }
  // μ0 = ∫ (1-t²)^{λ-1/2} dt = √π Γ(λ+1/2)/Γ(λ+1)
  const mu0 = Math.exp(0.5 * Math.log(Math.PI) + lgamma(lambda + 0.5) - lgamma(lambda + 1));
  const evalP = (t: number): [number, number, number] => {
    // returns p_n(t), p_{n-1}(t) (orthonormal, p_0 = 1/√μ0) and p_n'(t)
    let pm = 0;
    let p = 1 / Math.sqrt(mu0);
    let dpm = 0;
    let dp = 0;
    for (let k = 0; k < n; k++) {
      const pn = ((t * p - (k > 0 ? a[k] * pm : 0)) / a[k + 1]);
      const dpn = ((p + t * dp - (k > 0 ? a[k] * dpm : 0)) / a[k + 1]);
      pm = p;
      p = pn;
      dpm = dp;
      dp = dpn;
    }
    return [p, pm, dp];
  };
  // Golub–Welsch start (the eigenvalues of the Jacobi matrix: zero diagonal, a_k off it),
  // then Newton on the recurrence and Christoffel weights for full accuracy at any λ.
  const start = tridiagonalEigen(new Float64Array(n), a.slice(1, n), 'none').values;
  for (let k = 0; k < n; k++) {
    let t = start[k];
    for (let it = 0; it < 3; it++) {
      const [p, , dp] = evalP(t);
      if (!(dp !== 0) || !Number.isFinite(p / dp)) break;
      const dt = p / dp;
      t -= dt;
      if (Math.abs(dt) < 1e-16) break;
    }
    const [, pm, dp] = evalP(t);
    x[k] = t;
    w[k] = 1 / (a[n] * pm * dp);
  }
  // exact symmetry of the weight function
  for (let k = 0; k < n / 2; k++) {
    const xm = 0.5 * (x[n - 1 - k] - x[k]);
    const wm = 0.5 * (w[n - 1 - k] + w[k]);
    x[k] = -xm;
    x[n - 1 - k] = xm;
    w[k] = wm;
    w[n - 1 - k] = wm;
  }
  if (n % 2 === 1) x[(n - 1) / 2] = 0;
  return { x, w };
}

/** log Γ(x) for x > 0 (Lanczos, g = 7; about 1e-15 relative), for quadrature normalisations. */
export function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
