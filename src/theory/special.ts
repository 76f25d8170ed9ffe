/**
 * Float64 special functions the theory engine needs and Math lacks: erf/erfc to full relative
 * precision (positive-term series inside, continued fraction for the tail), the logistic
 * function and softplus without overflow, and log-gamma for integer and half-integer steps.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

/** erf(x) for |x| < 2.5 from 2/√π e^{-x²} Σ 2^n x^{2n+1}/(2n+1)!!: every term positive, so no cancellation. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 2.5 by the Laplace continued fraction (modified Lentz). */
function erfcCf(x: number): number {
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 2.5) return erfSeries(x);
  if (a > 6) return Math.sign(x);
  const v = 1 - erfcCf(a);
  return x < 0 ? -v : v;
}

/** Complementary error function with full relative precision for large positive x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2.5) return x > 27 ? 0 : erfcCf(x);
  if (x <= -6) return 2;
  return 1 - erf(x);
}

/** Standard normal CDF Φ(x), accurate in relative terms in the lower tail. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** log Γ(x) for x a positive integer or half-integer (exact products of logs, no approximation). */
export function lgammaHalfInt(x: number): number {
  let s = 0;
  let y = x;
  while (y > 1) {
    y -= 1;
    s += Math.log(y);
  }
  // y is now 1 or 1/2
  return y === 0.5 ? s + 0.5 * Math.log(Math.PI) : s;
}
