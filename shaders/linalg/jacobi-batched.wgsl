// Batched symmetric eigensolver for small matrices: one workgroup per matrix, the matrix in
// workgroup memory, parallel cyclic Jacobi with the round-robin ordering (NP/2 disjoint
// rotations per round, NP-1 rounds per sweep). NP is the even padded size (<= 64); a padded
// index has a zero row and column, so it stays decoupled (eigenvalue 0, eigenvector e_pad).
struct Dims { n: u32, batch: u32, maxSweeps: u32, _pad: u32 }

@group(0) @binding(0) var<storage, read> IN: array<f32>;        // batch × n × n
@group(0) @binding(1) var<storage, read_write> VALS: array<f32>; // batch × NP (diagonal, unsorted)
@group(0) @binding(2) var<storage, read_write> VECS: array<f32>; // batch × NP × NP, columns
@group(0) @binding(3) var<uniform> D: Dims;

const NP = {{NP}}u;
const HALF = NP / 2u;
const WG = 64u;

var<workgroup> a: array<f32, {{NP2}}>;
var<workgroup> cs: array<vec2f, {{HALF}}>;
var<workgroup> pq: array<vec2u, {{HALF}}>;
var<workgroup> red: array<f32, 64>;
var<workgroup> done: u32;

fn player(i: u32, round: u32) -> u32 {
  if (i == 0u) { return 0u; }
  return ((i - 1u + round) % (NP - 1u)) + 1u;
}

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let b = wid.x + wid.y * 65535u;
  if (b >= D.batch) { return; }
  let n = D.n;
  let vo = b * NP * NP;
  for (var e = lid; e < NP * NP; e += WG) {
    let i = e / NP;
    let j = e % NP;
    var x = 0.0;
    if (i < n && j < n) { x = IN[b * n * n + i * n + j]; }
    a[e] = x;
    VECS[vo + e] = select(0.0, 1.0, i == j);
  }
  workgroupBarrier();
  for (var sweep = 0u; sweep < D.maxSweeps; sweep++) {
    // Converged when the off-diagonal mass is at float32 rounding level of the diagonal.
    var off = 0.0;
    var dia = 0.0;
    for (var e = lid; e < NP * NP; e += WG) {
      let x = a[e];
      if (e / NP == e % NP) { dia += x * x; } else { off += x * x; }
    }
    red[lid] = off;
    workgroupBarrier();
    for (var s = 32u; s > 0u; s >>= 1u) {
      if (lid < s) { red[lid] += red[lid + s]; }
      workgroupBarrier();
    }
    let offSum = red[0];
    workgroupBarrier();
    red[lid] = dia;
    workgroupBarrier();
    for (var s = 32u; s > 0u; s >>= 1u) {
      if (lid < s) { red[lid] += red[lid + s]; }
      workgroupBarrier();
    }
    if (lid == 0u) { done = select(0u, 1u, offSum <= 1e-14 * red[0]); }
    if (workgroupUniformLoad(&done) == 1u) { break; }
    for (var round = 0u; round < NP - 1u; round++) {
      for (var t = lid; t < HALF; t += WG) {
        var p = player(t, round);
        var q = player(NP - 1u - t, round);
        if (p > q) { let s = p; p = q; q = s; }
        let apq = a[p * NP + q];
        let app = a[p * NP + p];
        let aqq = a[q * NP + q];
        var c = 1.0;
        var s = 0.0;
        if (abs(apq) > 1e-30 * max(abs(app), abs(aqq)) && apq != 0.0) {
          let theta = (aqq - app) / (2.0 * apq);
          var tt = 1.0 / (abs(theta) + sqrt(theta * theta + 1.0));
          if (theta < 0.0) { tt = -tt; }
          c = 1.0 / sqrt(tt * tt + 1.0);
          s = tt * c;
        }
        cs[t] = vec2f(c, s);
        pq[t] = vec2u(p, q);
      }
      workgroupBarrier();
      // A <- Jᵀ·A (rows p, q of every pair)
      for (var e = lid; e < HALF * NP; e += WG) {
        let t = e / NP;
        let j = e % NP;
        let r = cs[t];
        let p = pq[t].x;
        let q = pq[t].y;
        let ap = a[p * NP + j];
        let aq = a[q * NP + j];
        a[p * NP + j] = r.x * ap - r.y * aq;
        a[q * NP + j] = r.y * ap + r.x * aq;
      }
      workgroupBarrier();
      // A <- A·J and V <- V·J (columns p, q of every pair)
      for (var e = lid; e < HALF * NP; e += WG) {
        let t = e / NP;
        let i = e % NP;
        let r = cs[t];
        let p = pq[t].x;
        let q = pq[t].y;
        let ap = a[i * NP + p];
        let aq = a[i * NP + q];
        a[i * NP + p] = r.x * ap - r.y * aq;
        a[i * NP + q] = r.y * ap + r.x * aq;
        let vp = VECS[vo + i * NP + p];
        let vq = VECS[vo + i * NP + q];
        VECS[vo + i * NP + p] = r.x * vp - r.y * vq;
        VECS[vo + i * NP + q] = r.y * vp + r.x * vq;
      }
      storageBarrier();
      workgroupBarrier();
      // The rotated pair's off-diagonal entries are zero by construction: make them exactly so.
      for (var t = lid; t < HALF; t += WG) {
        let p = pq[t].x;
        let q = pq[t].y;
        if (cs[t].y != 0.0) { a[p * NP + q] = 0.0; a[q * NP + p] = 0.0; }
      }
      workgroupBarrier();
    }
  }
  for (var i = lid; i < NP; i += WG) { VALS[b * NP + i] = a[i * NP + i]; }
}
