// All eigenvalues of a symmetric tridiagonal T (d in DE[0, n), e in DE[n, 2n-1)) by bisection on
// Sturm counts: thread j finds the j-th smallest, independently of the others, in O(n) per
// halving. T is scaled by its largest Gershgorin radius first, so every eigenvalue lies in
// [-1, 1] and e² can neither overflow nor make the pivots overflow.
// The twin is bisectionEigenvalues in src/linalg/cpu/sturm.ts (the same steps in float64).
struct Dims { n: u32, _a: u32, _b: u32, _c: u32 }

@group(0) @binding(0) var<storage, read> DE: array<f32>;
@group(0) @binding(1) var<storage, read_write> W: array<f32>;
@group(0) @binding(2) var<uniform> D: Dims;

// The smallest normal float32: LAPACK's pivmin for ‖T‖ = 1 (dlaebz replaces tiny pivots with it).
const PIVMIN = 1.1754944e-38;
const EPS = 5.9604645e-8;

// Number of eigenvalues of T/scale below x: the negative pivots of LDLᵀ of T/scale - x.
fn count_below(x: f32, n: u32, inv: f32) -> u32 {
  var q = DE[0] * inv - x;
  if (abs(q) < PIVMIN) { q = -PIVMIN; }
  var c = select(0u, 1u, q < 0.0);
  for (var i = 1u; i < n; i++) {
    let e = DE[n + i - 1u] * inv;
    q = DE[i] * inv - x - e * e / q;
    if (abs(q) < PIVMIN) { q = -PIVMIN; }
    c += select(0u, 1u, q < 0.0);
  }
  return c;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let n = D.n;
  let j = gid.x + gid.y * 65535u * 64u;
  if (j >= n) { return; }
  var scale = 0.0;
  for (var i = 0u; i < n; i++) {
    var r = abs(DE[i]);
    if (i > 0u) { r += abs(DE[n + i - 1u]); }
    if (i + 1u < n) { r += abs(DE[n + i]); }
    scale = max(scale, r);
  }
  if (scale == 0.0) { W[j] = 0.0; return; }
  let inv = 1.0 / scale;
  // count(lo) <= j < count(hi) throughout; the margin covers rounding of the scaled entries.
  var lo = -1.0 - 8.0 * EPS;
  var hi = 1.0 + 8.0 * EPS;
  for (var it = 0u; it < 80u; it++) {
    let mid = 0.5 * (lo + hi);
    if (hi - lo <= 2.0 * EPS * max(abs(lo), abs(hi)) + 1e-30 || mid <= lo || mid >= hi) { break; }
    if (count_below(mid, n, inv) <= j) { lo = mid; } else { hi = mid; }
  }
  W[j] = 0.5 * (lo + hi) * scale;
}
