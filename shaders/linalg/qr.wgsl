// Householder QR of a tall p×r matrix T (p >= r) in float32, LAPACK dlarfg/dgeqr2 semantics:
// Q = H_0·H_1···H_{r-1}, H_k = I - tau_k·v_k·v_kᵀ with v_k[k] = 1, v_k[i < k] = 0.
// T is stored by columns (T[i, j] at A[j*p + i]), so every kernel streams contiguous columns:
// the reflector's own column, the dot products vᵀ·T[:, j], and the update down each column.
// Per step k: house (one workgroup: reflector from column k, R[k, k] = beta stays in A[k*p+k],
// v_k[k+1..] overwrite the column below it), wvec (one workgroup per trailing column:
// W[j] = tau·vᵀ·T[:, j]), rank1 (T[:, j] -= v·W[j]). The step index lives in S so one bind group
// serves every step: house, the single-workgroup kernel, hands k to the others (S.kb) and
// advances S.ka. Afterwards extract copies R out row-major and applyq forms Q·z for vectors z.
struct State { ka: u32, kb: u32, _a: u32, _b: u32 }
struct Dims { p: u32, r: u32, count: u32, _c: u32 }

@group(0) @binding(0) var<storage, read_write> A: array<f32>;   // r columns of length p
@group(0) @binding(1) var<storage, read_write> TAU: array<f32>; // r
@group(0) @binding(2) var<storage, read_write> W: array<f32>;   // r
@group(0) @binding(3) var<storage, read_write> S: State;
@group(0) @binding(4) var<uniform> D: Dims;
@group(0) @binding(5) var<storage, read_write> OUT: array<f32>; // extract: r×r R; applyq: count×p

const WG = 256u;
var<workgroup> red: array<f32, 256>;

// Tree reduction of red[] (sum or max); every thread gets the result. The closing barrier
// lets the caller refill red[] right after without racing threads still reading red[0].
fn tree(lid: u32, is_max: bool) -> f32 {
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      if (is_max) { red[lid] = max(red[lid], red[lid + s]); } else { red[lid] += red[lid + s]; }
    }
    workgroupBarrier();
  }
  let out = red[0];
  workgroupBarrier();
  return out;
}

// First row index >= lo owned by thread lid when thread t owns rows i ≡ t (mod WG): a fixed
// ownership, so no thread ever reads an entry of Z or A that another thread wrote.
fn first_owned(lo: u32, lid: u32) -> u32 {
  return lo + (lid + WG - lo % WG) % WG;
}

@compute @workgroup_size(256)
fn house(@builtin(local_invocation_index) lid: u32) {
  let p = D.p;
  let k = S.ka;
  let c = k * p;
  let alpha = A[c + k];
  var mx = 0.0;
  for (var i = first_owned(k + 1u, lid); i < p; i += WG) { mx = max(mx, abs(A[c + i])); }
  red[lid] = mx;
  let xmax = tree(lid, true);
  // Scaled by the column's largest entry (alpha included): no overflow or underflow in f32.
  let scale = max(xmax, abs(alpha));
  var ss = 0.0;
  if (xmax > 0.0) {
    for (var i = first_owned(k + 1u, lid); i < p; i += WG) { let t = A[c + i] / scale; ss += t * t; }
  }
  red[lid] = ss;
  let sum = tree(lid, false);
  var tau = 0.0;
  var beta = alpha;
  if (xmax > 0.0) {
    let sa = alpha / scale;
    // beta = -sign(alpha)·hypot(alpha, ‖x‖), v = x / (alpha - beta), tau = (beta - alpha)/beta.
    var sb = sqrt(sa * sa + sum);
    if (alpha >= 0.0) { sb = -sb; }
    tau = (sb - sa) / sb;
    let inv = 1.0 / (sa - sb);
    for (var i = first_owned(k + 1u, lid); i < p; i += WG) { A[c + i] = A[c + i] / scale * inv; }
    beta = sb * scale;
  }
  // Every thread has read S.ka and A[c + k] before thread 0 overwrites them.
  storageBarrier();
  if (lid == 0u) {
    A[c + k] = beta;
    TAU[k] = tau;
    S.kb = k;
    S.ka = k + 1u;
  }
}

@compute @workgroup_size(256)
fn wvec(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let p = D.p;
  let k = S.kb;
  let j = k + 1u + wid.x + wid.y * 65535u;
  // No early return: k comes from storage, so the barriers in tree() need every thread.
  let valid = j < D.r;
  var s = 0.0;
  if (valid) {
    if (lid == 0u) { s = A[j * p + k]; } // v[k] = 1 (A[k*p + k] holds beta)
    for (var i = first_owned(k + 1u, lid); i < p; i += WG) { s = fma(A[k * p + i], A[j * p + i], s); }
  }
  red[lid] = s;
  let t = tree(lid, false);
  if (valid && lid == 0u) { W[j] = TAU[k] * t; }
}

@compute @workgroup_size(64, 4)
fn rank1(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = D.p;
  let r = D.r;
  let k = S.kb;
  // Grid-stride loops: the host caps each dispatch dimension at 65535 workgroups.
  for (var j = k + 1u + gid.y; j < r; j += 4u * nwg.y) {
    let wj = W[j];
    for (var i = k + gid.x; i < p; i += 64u * nwg.x) {
      var vi = 1.0;
      if (i > k) { vi = A[k * p + i]; }
      A[j * p + i] = A[j * p + i] - vi * wj;
    }
  }
}

// R (r×r, row-major, zero below the diagonal) from the upper triangle of the reduced T.
@compute @workgroup_size(16, 16)
fn extract(@builtin(global_invocation_id) gid: vec3u) {
  let r = D.r;
  let i = gid.y;
  let j = gid.x;
  if (i >= r || j >= r) { return; }
  var x = 0.0;
  if (i <= j) { x = A[j * D.p + i]; }
  OUT[i * r + j] = x;
}

// OUT holds `count` vectors of length p as rows; each becomes Q·z = H_0···H_{r-1}·z (last
// reflector first). One workgroup per vector walks all r reflectors: one dispatch in all.
@compute @workgroup_size(256)
fn applyq(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let p = D.p;
  let r = D.r;
  let v = wid.x + wid.y * 65535u;
  if (v >= D.count) { return; }
  let zo = v * p;
  for (var jj = 0u; jj < r; jj++) {
    let j = r - 1u - jj;
    let c = j * p;
    var s = 0.0;
    for (var i = first_owned(j, lid); i < p; i += WG) {
      var vi = 1.0;
      if (i > j) { vi = A[c + i]; }
      s = fma(vi, OUT[zo + i], s);
    }
    red[lid] = s;
    let sc = TAU[j] * tree(lid, false);
    for (var i = first_owned(j, lid); i < p; i += WG) {
      var vi = 1.0;
      if (i > j) { vi = A[c + i]; }
      OUT[zo + i] = OUT[zo + i] - sc * vi;
    }
  }
}
