// Special functions for activations, accurate to a few f32 ulps on the whole real line.
// WGSL has no erf, and its built-in sin/cos/tanh only promise coarse absolute error (2^-11 for
// sin/cos on [-pi, pi]); the CPU twin evaluates in float64, so these are written out.

const NN_PI: f32 = 3.14159265358979;
const NN_TWO_OVER_SQRT_PI: f32 = 1.1283791670955126;
const NN_INV_SQRT2: f32 = 0.7071067811865476;
const NN_INV_SQRT_2PI: f32 = 0.3989422804014327;

// Through private variables: WGSL rejects NaN and infinity in constant expressions.
var<private> nn_nan_bits: u32 = 0x7fc00000u;
var<private> nn_inf_bits: u32 = 0x7f800000u;

fn nn_nan() -> f32 {
  return bitcast<f32>(nn_nan_bits);
}

fn nn_inf() -> f32 {
  return bitcast<f32>(nn_inf_bits);
}

// erf: Maclaurin series below 1 (no cancellation there), Numerical Recipes' erfc Chebyshev
// fit (fractional error < 1.2e-7) above.
fn nn_erf(x: f32) -> f32 {
  let a = abs(x);
  if (a < 1.0) {
    let z = x * x;
    // sum_n (-1)^n z^n / (n! (2n+1)); at |x| < 1 the terms fall below f32 ulps by n = 11.
    var t: f32 = 1.0;
    var acc: f32 = 1.0;
    for (var n = 1u; n < 12u; n++) {
      t = -t * z / f32(n);
      acc = acc + t / f32(2u * n + 1u);
    }
    return NN_TWO_OVER_SQRT_PI * x * acc;
  }
  if (a > 9.0) {
    return sign(x);
  }
  let t = 1.0 / (1.0 + 0.5 * a);
  let p = -a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return sign(x) * (1.0 - t * exp(p));
}

// exp(x) - 1 without cancellation near 0.
fn nn_expm1(x: f32) -> f32 {
  if (abs(x) < 0.25) {
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0 + x * (1.0 / 5040.0)))))));
  }
  return exp(x) - 1.0;
}

// log(1 + u) for u >= 0 without cancellation near 0.
fn nn_log1p(u: f32) -> f32 {
  if (u < 0.0625) {
    return u * (1.0 - u * (0.5 - u * (1.0 / 3.0 - u * (0.25 - u * (0.2 - u * (1.0 / 6.0 - u * (1.0 / 7.0)))))));
  }
  return log(1.0 + u);
}

fn nn_tanh(x: f32) -> f32 {
  let a = abs(x);
  if (a > 10.0) {
    return sign(x);
  }
  let e = nn_expm1(2.0 * a);
  return sign(x) * e / (e + 2.0);
}

fn nn_sigmoid(x: f32) -> f32 {
  // Both branches evaluate exp of a non-positive number: no overflow.
  if (x >= 0.0) {
    return 1.0 / (1.0 + exp(-x));
  }
  let e = exp(x);
  return e / (1.0 + e);
}

fn nn_softplus(x: f32) -> f32 {
  return max(x, 0.0) + nn_log1p(exp(-abs(x)));
}

// sin and cos with Cody-Waite reduction by pi/2 (three-part constant): accurate to ~1 ulp for
// |x| up to ~1e4, which covers every pre-activation a random network produces.
fn nn_sincos(x: f32) -> vec2f {
  let q = round(x * 0.6366197723675814);
  var r = x - q * 1.5703125;
  r = r - q * 4.837512969970703e-4;
  r = r - q * 7.549789948768648e-8;
  let r2 = r * r;
  let s = r * (1.0 + r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0 + r2 * (1.0 / 362880.0)))));
  let c = 1.0 + r2 * (-0.5 + r2 * (1.0 / 24.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 40320.0 - r2 * (1.0 / 3628800.0)))));
  switch (i32(q) & 3) {
    case 0: { return vec2f(s, c); }
    case 1: { return vec2f(c, -s); }
    case 2: { return vec2f(-s, -c); }
    default: { return vec2f(-c, s); }
  }
}

fn nn_sin(x: f32) -> f32 {
  return nn_sincos(x).x;
}

fn nn_cos(x: f32) -> f32 {
  return nn_sincos(x).y;
}

// Standard normal CDF, for GELU.
fn nn_phi_cdf(x: f32) -> f32 {
  return 0.5 * (1.0 + nn_erf(x * NN_INV_SQRT2));
}

// a^b as the CPU's Math.pow does it for the cases that matter: integer exponents work for
// negative bases; a non-integer power of a negative base is NaN.
fn nn_pow(a: f32, b: f32) -> f32 {
  if (b == round(b) && abs(b) <= 64.0) {
    var r: f32 = 1.0;
    var base = a;
    var e = u32(abs(b));
    loop {
      if (e == 0u) { break; }
      if ((e & 1u) == 1u) { r = r * base; }
      base = base * base;
      e = e >> 1u;
    }
    return select(r, 1.0 / r, b < 0.0);
  }
  if (a > 0.0) {
    return exp2(b * log2(a));
  }
  if (a == 0.0) {
    return select(select(1.0, 0.0, b > 0.0), nn_inf(), b < 0.0);
  }
  return nn_nan();
}
