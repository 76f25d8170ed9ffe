// Householder tridiagonalisation of a symmetric n×n matrix held in full (both triangles) in A,
// one reflector per step k, four kernels per step: house (one workgroup: reflector from
// column k), symv (one workgroup per row: p = A·u), wvec (one workgroup: w = p - (uᵀp/2)·u),
// rank2 (A -= u·wᵀ + w·uᵀ on the trailing block). H_k = I - u·uᵀ with uᵀu = 2.
// The step index lives in S (a storage buffer) so one bind group serves every step: wvec, the
// last single-workgroup kernel of a step, hands k to rank2 (S.kb) and advances S.ka.
struct State { ka: u32, kb: u32, n: u32, _pad: u32 }

@group(0) @binding(0) var<storage, read_write> A: array<f32>;
@group(0) @binding(1) var<storage, read_write> U: array<f32>;  // (n-2)×n reflectors
@group(0) @binding(2) var<storage, read_write> PW: array<f32>; // p in [0, n), w in [n, 2n)
@group(0) @binding(3) var<storage, read_write> DE: array<f32>; // d in [0, n), e in [n, 2n)
@group(0) @binding(4) var<storage, read_write> S: State;

const WG = 256u;
var<workgroup> red: array<f32, 256>;
var<workgroup> red2: array<f32, 256>;

fn reduce_sum(lid: u32) -> f32 {
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  return red[0];
}

fn reduce_max(lid: u32) -> f32 {
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red2[lid] = max(red2[lid], red2[lid + s]); }
    workgroupBarrier();
  }
  return red2[0];
}

@compute @workgroup_size(256)
fn house(@builtin(local_invocation_index) lid: u32) {
  let n = S.n;
  let k = S.ka;
  let alpha = A[(k + 1u) * n + k];
  var mx = 0.0;
  for (var i = k + 2u + lid; i < n; i += WG) { mx = max(mx, abs(A[i * n + k])); }
  red2[lid] = mx;
  let scale = reduce_max(lid);
  var ss = 0.0;
  if (scale > 0.0) {
    for (var i = k + 2u + lid; i < n; i += WG) { let t = A[i * n + k] / scale; ss += t * t; }
  }
  red[lid] = ss;
  let sum = reduce_sum(lid);
  let row = k * n;
  if (scale == 0.0) {
    for (var i = lid; i < n; i += WG) { U[row + i] = 0.0; }
    if (lid == 0u) { DE[k] = A[k * n + k]; DE[n + k] = alpha; }
    return;
  }
  // beta = -sign(alpha)·hypot(alpha, xnorm), computed on the scaled values (no overflow).
  let sa = alpha / scale;
  var beta = sqrt(sa * sa + sum);
  if (alpha >= 0.0) { beta = -beta; }
  // u = v / sqrt(beta·(beta - alpha)) with v = (alpha - beta, x_{k+2}, ...): then uᵀu = 2.
  let inv = 1.0 / sqrt(beta * (beta - sa));
  for (var i = lid; i < n; i += WG) {
    var u = 0.0;
    if (i == k + 1u) { u = (sa - beta) * inv; }
    else if (i > k + 1u) { u = A[i * n + k] / scale * inv; }
    U[row + i] = u;
  }
  if (lid == 0u) { DE[k] = A[k * n + k]; DE[n + k] = beta * scale; }
}

@compute @workgroup_size(64)
fn symv(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let n = S.n;
  let k = S.ka;
  let i = k + 1u + wid.x + wid.y * 65535u;
  // No early return: k comes from storage, so the barriers below need every thread.
  let valid = i < n;
  var s = 0.0;
  if (valid) {
    for (var j = k + 1u + lid; j < n; j += 64u) { s = fma(A[i * n + j], U[k * n + j], s); }
  }
  red[lid] = s;
  workgroupBarrier();
  for (var t = 32u; t > 0u; t >>= 1u) {
    if (lid < t) { red[lid] += red[lid + t]; }
    workgroupBarrier();
  }
  if (lid == 0u && valid) { PW[i] = red[0]; }
}

@compute @workgroup_size(256)
fn wvec(@builtin(local_invocation_index) lid: u32) {
  let n = S.n;
  let k = S.ka;
  var s = 0.0;
  for (var i = k + 1u + lid; i < n; i += WG) { s = fma(U[k * n + i], PW[i], s); }
  red[lid] = s;
  let half_up = 0.5 * reduce_sum(lid);
  for (var i = k + 1u + lid; i < n; i += WG) { PW[n + i] = PW[i] - half_up * U[k * n + i]; }
  workgroupBarrier();
  if (lid == 0u) { S.kb = k; S.ka = k + 1u; }
}

@compute @workgroup_size(16, 16)
fn rank2(@builtin(global_invocation_id) gid: vec3u) {
  let n = S.n;
  let k = S.kb;
  let i = k + 1u + gid.y;
  let j = k + 1u + gid.x;
  if (i >= n || j >= n) { return; }
  let ui = U[k * n + i];
  let uj = U[k * n + j];
  A[i * n + j] = A[i * n + j] - ui * PW[n + j] - PW[n + i] * uj;
}

// After the last step: the trailing 2×2 block gives d[n-2], d[n-1], e[n-2].
@compute @workgroup_size(1)
fn finish() {
  let n = S.n;
  DE[n - 2u] = A[(n - 2u) * n + n - 2u];
  DE[n - 1u] = A[(n - 1u) * n + n - 1u];
  DE[n + n - 2u] = A[(n - 1u) * n + n - 2u];
}
