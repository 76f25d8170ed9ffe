// Householder tridiagonalisation of a symmetric n×n matrix held in full (both triangles) in A,
// H_h = I - u_h·u_hᵀ with u_hᵀu_h = 2 and entries h+1.. . Two kernels per step h:
//   step  (one workgroup): w_{h-1} = p - (u_{h-1}ᵀp/2)·u_{h-1}, then reflector h from column h
//         of A_h, which it forms on the fly from the copy `col` of column h of A_{h-1} and the
//         rank-2 correction -u_{h-1}·w_{h-1}ᵀ - w_{h-1}·u_{h-1}ᵀ; at h = n-2 it reads off the
//         last 2×2 block instead.
//   fused (one workgroup per row i > h): applies step h-1's rank-2 update to row i of the
//         trailing block and, with the updated values, p_i = (A_h·u_h)_i; the entry in column
//         h+1 also goes to `col` for the next reflector (a contiguous copy of a strided column).
// So each step streams the trailing block once (read + write) in two dispatches, where the
// plain scheme (reflector, product, w, update) streams it twice in four.
// The step index lives in S (a storage buffer) so one bind group serves every step.
// h: the step fused works on; next: the step the next `step` builds (it hands h to fused).
struct State { h: u32, n: u32, next: u32, _pad: u32 }

@group(0) @binding(0) var<storage, read_write> A: array<f32>;
@group(0) @binding(1) var<storage, read_write> U: array<f32>;  // (n-2)×n reflectors
@group(0) @binding(2) var<storage, read_write> PW: array<f32>; // p [0, n), w [n, 2n), col [2n, 3n)
@group(0) @binding(3) var<storage, read_write> DE: array<f32>; // d [0, n), e [n, 2n)
@group(0) @binding(4) var<storage, read_write> S: State;

const WG = 256u;
var<workgroup> red: array<f32, 256>;

fn reduce_sum(lid: u32) -> f32 {
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier(); // red is reused by the next reduction
  return r;
}

// Before step 0: col = column 0 of A.
@compute @workgroup_size(256)
fn start(@builtin(local_invocation_index) lid: u32) {
  let n = S.n;
  for (var i = lid; i < n; i += WG) { PW[2u * n + i] = A[i * n]; }
}

var<workgroup> hn: vec2u;

@compute @workgroup_size(256)
fn step(@builtin(local_invocation_index) lid: u32) {
  // Barriers below sit under branches on h and n: load them as workgroup-uniform values.
  if (lid == 0u) { hn = vec2u(S.next, S.n); }
  let u = workgroupUniformLoad(&hn);
  let h = u.x;
  let n = u.y;
  // w_{h-1} (entries h..) from p_{h-1}; the correction terms at index h.
  var uh = 0.0;
  var wh = 0.0;
  if (h > 0u) {
    let uo = (h - 1u) * n;
    var s = 0.0;
    for (var i = h + lid; i < n; i += WG) { s = fma(U[uo + i], PW[i], s); }
    red[lid] = s;
    let half_up = 0.5 * reduce_sum(lid);
    for (var i = h + lid; i < n; i += WG) { PW[n + i] = PW[i] - half_up * U[uo + i]; }
    storageBarrier();
    workgroupBarrier();
    uh = U[uo + h];
    wh = PW[n + h];
  }
  if (h == n - 2u) {
    if (lid == 0u) {
      let a = n - 2u;
      let b = n - 1u;
      var ub = 0.0;
      var wb = 0.0;
      if (h > 0u) { ub = U[(h - 1u) * n + b]; wb = PW[n + b]; }
      DE[a] = A[a * n + a] - 2.0 * uh * wh;
      DE[b] = A[b * n + b] - 2.0 * ub * wb;
      DE[n + a] = A[b * n + a] - ub * wh - wb * uh;
    }
    return;
  }
  // x = column h of A_h below the diagonal, corrected in place in col. The caller scaled A
  // to max|a| <= 1, so ‖x‖² neither overflows nor, where it matters, underflows: no scaled
  // norm (LAPACK's extra max pass) is needed, and the reflector costs one reduction.
  let co = 2u * n;
  let alpha_i = h + 1u;
  var ss = 0.0;
  for (var i = h + 1u + lid; i < n; i += WG) {
    var x = PW[co + i];
    if (h > 0u) { x = x - U[(h - 1u) * n + i] * wh - PW[n + i] * uh; }
    PW[co + i] = x;
    if (i > alpha_i) { ss = fma(x, x, ss); }
  }
  storageBarrier();
  red[lid] = ss;
  let sum = reduce_sum(lid);
  let alpha = PW[co + alpha_i];
  let row = h * n;
  if (lid == 0u) {
    var dh = A[h * n + h];
    if (h > 0u) { dh = dh - 2.0 * uh * wh; }
    DE[h] = dh;
  }
  // ‖x‖ below 1e-15 (with ‖A‖ >= max|a| >= 1/2) is far below float32 resolution: no reflector.
  if (sum <= 1e-30) {
    for (var i = lid; i < n; i += WG) { U[row + i] = 0.0; }
    if (lid == 0u) { DE[n + h] = alpha; S.h = h; S.next = h + 1u; }
    return;
  }
  var beta = sqrt(alpha * alpha + sum);
  if (alpha >= 0.0) { beta = -beta; }
  // u = v / sqrt(beta·(beta - alpha)) with v = (alpha - beta, x_{h+2}, ...): then uᵀu = 2.
  let inv = 1.0 / sqrt(beta * (beta - alpha));
  for (var i = lid; i < n; i += WG) {
    var ui = 0.0;
    if (i == alpha_i) { ui = (alpha - beta) * inv; }
    else if (i > alpha_i) { ui = PW[co + i] * inv; }
    U[row + i] = ui;
  }
  if (lid == 0u) { DE[n + h] = beta; S.h = h; S.next = h + 1u; }
}

const FW = 64u;
var<workgroup> fred: array<f32, 64>;

@compute @workgroup_size(64)
fn fused(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let n = S.n;
  let h = S.h;
  let i = h + 1u + wid.x + wid.y * 65535u;
  // No early return: h comes from storage, so the barriers below need every thread.
  let valid = i < n;
  var s = 0.0;
  if (valid) {
    let uo = h * n;
    let ro = i * n;
    if (h > 0u) {
      let po = (h - 1u) * n;
      let ui = U[po + i];
      let wi = PW[n + i];
      for (var j = h + 1u + lid; j < n; j += FW) {
        let a = A[ro + j] - ui * PW[n + j] - wi * U[po + j];
        A[ro + j] = a;
        if (j == h + 1u) { PW[2u * n + i] = a; }
        s = fma(a, U[uo + j], s);
      }
    } else {
      for (var j = 1u + lid; j < n; j += FW) {
        let a = A[ro + j];
        if (j == 1u) { PW[2u * n + i] = a; }
        s = fma(a, U[uo + j], s);
      }
    }
  }
  fred[lid] = s;
  workgroupBarrier();
  for (var t = FW / 2u; t > 0u; t >>= 1u) {
    if (lid < t) { fred[lid] += fred[lid + t]; }
    workgroupBarrier();
  }
  if (lid == 0u && valid) { PW[i] = fred[0]; }
}
