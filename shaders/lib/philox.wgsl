// Philox4x32-10 and Box–Muller normals; CPU twin: src/rng/philox.ts (same counter layout).
// WGSL has no 64-bit integers, so the high word of each 32x32 product is assembled from
// 16-bit halves; the result is bit-identical to the CPU twin.

const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u;
const PHILOX_W1: u32 = 0xBB67AE85u;
const STREAM_WEIGHTS: u32 = 0u;
const STREAM_BIAS: u32 = 1u;
const TWO_PI: f32 = 6.283185307179586;

fn mulhi32(a: u32, b: u32) -> u32 {
  let ah = a >> 16u;
  let al = a & 0xFFFFu;
  let bh = b >> 16u;
  let bl = b & 0xFFFFu;
  let t = al * bl;
  let c1 = ah * bl;
  let c2 = al * bh;
  let mid = (t >> 16u) + (c1 & 0xFFFFu) + (c2 & 0xFFFFu);
  return ah * bh + (c1 >> 16u) + (c2 >> 16u) + (mid >> 16u);
}

fn philox4x32(ctr_in: vec4u, key_in: vec2u) -> vec4u {
  var c = ctr_in;
  var k = key_in;
  for (var r = 0u; r < 10u; r++) {
    let hi0 = mulhi32(PHILOX_M0, c.x);
    let lo0 = PHILOX_M0 * c.x;
    let hi1 = mulhi32(PHILOX_M1, c.z);
    let lo1 = PHILOX_M1 * c.z;
    c = vec4u(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    k = k + vec2u(PHILOX_W0, PHILOX_W1);
  }
  return c;
}

fn uniform24(w: u32) -> f32 {
  return (f32(w >> 8u) + 0.5) * (1.0 / 16777216.0);
}

// (cos, sin) of 2*pi*u for u in [0, 1]. WGSL only promises 2^-11 absolute error for its
// built-in sin/cos, which would make GPU normals differ from the CPU twin at the 1e-4 level; the
// reduction to [-pi/4, pi/4] is exact in f32 (u has 24 bits) and the polynomials are good to
// about 1 ulp there.
fn cos_sin_2pi(u: f32) -> vec2f {
  let q = round(4.0 * u);
  let x = TWO_PI * (u - 0.25 * q);
  let x2 = x * x;
  let s = x * (1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0)))));
  let c = 1.0 + x2 * (-0.5 + x2 * (1.0 / 24.0 + x2 * (-1.0 / 720.0 + x2 * (1.0 / 40320.0 - x2 * (1.0 / 3628800.0)))));
  switch (u32(q) & 3u) {
    case 0u: { return vec2f(c, s); }
    case 1u: { return vec2f(-s, c); }
    case 2u: { return vec2f(-c, -s); }
    default: { return vec2f(s, -c); }
  }
}

// Four standard normals for counter `ctr` under key (seed, stream).
fn normal4(ctr: vec4u, key: vec2u) -> vec4f {
  let w = philox4x32(ctr, key);
  let r0 = sqrt(-2.0 * log(uniform24(w.x)));
  let r1 = sqrt(-2.0 * log(uniform24(w.z)));
  let a = cos_sin_2pi(uniform24(w.y));
  let b = cos_sin_2pi(uniform24(w.w));
  return vec4f(r0 * a.x, r0 * a.y, r1 * b.x, r1 * b.y);
}

// The normal at element i of stream (c1, c2, c3): component i & 3 of the block at i >> 2.
fn normal_at(seed: u32, stream: u32, i: u32, c1: u32, c2: u32, c3: u32) -> f32 {
  let z = normal4(vec4u(i >> 2u, c1, c2, c3), vec2u(seed, stream));
  return z[i & 3u];
}
