// Batched symmetric eigensolver for small matrices: one workgroup per matrix, the matrix in
// workgroup memory, parallel cyclic Jacobi with the round-robin ordering (NP/2 disjoint
// rotations per round, NP-1 rounds per sweep). NP is the even padded size (<= 64); a padded
// index has a zero row and column, so it stays decoupled (eigenvalue 0, eigenvector e_pad).
//
// Float32 accuracy (the eigenvalues land within a few 1e-7·max|λ| of the exact ones):
//  - rotations in the tau form, x' = x - s·(y + tau·x) with tau = s/(1 + c): the effective
//    rotation stays orthogonal to O(s²·ε) even where c rounds to 1 (late, tiny rotations),
//    while c·x - s·y inflates the matrix by (1 + t²) per rotation there, a one-sided drift
//    that built up to ~1e-5·max|λ| over the ~600 rotations each row sees;
//  - the rotated pair's diagonal is updated Rutishauser's way, a_pp -= t·a_pq, a_qq += t·a_pq,
//    with the changes summed per sweep in Z and added to the sweep's starting diagonal
//    once, and a_pq = 0 exactly;
//  - every 2×2 block of pair rows × pair columns is rotated by one invocation, which writes it
//    and its mirror image, so the matrix stays exactly symmetric;
//  - a rotation is skipped when |a_pq| <= EPS·sqrt|a_pp·a_qq| (or below a tiny floor
//    against the input's norm), and the iteration stops after a sweep that skipped them all.
struct Dims { n: u32, batch: u32, maxSweeps: u32, _pad: u32 }

@group(0) @binding(0) var<storage, read> IN: array<f32>;        // batch × n × n
@group(0) @binding(1) var<storage, read_write> VALS: array<f32>; // batch × NP (diagonal, unsorted)
@group(0) @binding(2) var<storage, read_write> VECS: array<f32>; // batch × NP × NP, columns
@group(0) @binding(3) var<uniform> D: Dims;

const NP = {{NP}}u;
const HALF = NP / 2u;
const BLOCKS = HALF * (HALF - 1u) / 2u; // pairs of distinct rotation pairs
const WG = 64u;
const EPS = 5.9604645e-8;   // 2^-24, the float32 unit roundoff
const FLOOR = 3.5527137e-15; // 2^-48: |a_pq| below FLOOR·‖A‖_F is left alone

var<workgroup> a: array<f32, {{NP2}}>;
var<workgroup> rot: array<vec3f, {{HALF}}>; // (c, s, tau) of each pair this round
var<workgroup> pq: array<vec2u, {{HALF}}>;
var<workgroup> B: array<f32, {{NP}}>;       // diagonal at the start of the sweep
var<workgroup> Z: array<f32, {{NP}}>;       // this sweep's diagonal changes
var<workgroup> red: array<f32, 64>;
var<workgroup> rotated: atomic<u32>;
var<workgroup> done: u32;

fn player(i: u32, round: u32) -> u32 {
  if (i == 0u) { return 0u; }
  return ((i - 1u + round) % (NP - 1u)) + 1u;
}

/** The e-th strictly upper entry (r < c) of the HALF × HALF pair grid, folded into a rectangle
 *  of FOLD columns: HALF/2 rows of HALF - 1 (HALF even) or (HALF - 1)/2 rows of HALF (odd). */
const FOLD = select(HALF, HALF - 1u, HALF % 2u == 0u);
fn blockPair(e: u32) -> vec2u {
  let r = e / FOLD;
  if (HALF % 2u == 0u) {
    let c = e % FOLD + 1u;
    return select(vec2u(r, c), vec2u(HALF - 1u - r, HALF - c), c <= r);
  }
  let c = e % FOLD;
  return select(vec2u(r, c), vec2u(HALF - 2u - r, HALF - 1u - c), c <= r);
}

/** (x, y) rotated by (c, s, tau): (c·x - s·y, s·x + c·y) in the tau form. */
fn rotate(x: f32, y: f32, r: vec3f) -> vec2f {
  return vec2f(x - r.y * (y + r.z * x), y + r.y * (x - r.z * y));
}

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let b = wid.x + wid.y * 65535u;
  if (b >= D.batch) { return; }
  let n = D.n;
  let vo = b * NP * NP;
  var sq = 0.0;
  for (var e = lid; e < NP * NP; e += WG) {
    let i = e / NP;
    let j = e % NP;
    var x = 0.0;
    if (i < n && j < n) { x = IN[b * n * n + i * n + j]; }
    a[e] = x;
    sq += x * x;
    VECS[vo + e] = select(0.0, 1.0, i == j);
  }
  red[lid] = sq;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  let tiny = FLOOR * sqrt(red[0]);
  for (var i = lid; i < NP; i += WG) { B[i] = a[i * NP + i]; Z[i] = 0.0; }
  for (var sweep = 0u; sweep < D.maxSweeps; sweep++) {
    if (lid == 0u) { atomicStore(&rotated, 0u); }
    workgroupBarrier();
    for (var round = 0u; round < NP - 1u; round++) {
      // This round's rotations: the pair's own 2×2 block is diagonalised here.
      for (var t = lid; t < HALF; t += WG) {
        var p = player(t, round);
        var q = player(NP - 1u - t, round);
        if (p > q) { let s = p; p = q; q = s; }
        let apq = a[p * NP + q];
        let app = a[p * NP + p];
        let aqq = a[q * NP + q];
        var r = vec3f(1.0, 0.0, 0.0);
        if (abs(apq) > max(EPS * sqrt(abs(app)) * sqrt(abs(aqq)), tiny)) {
          let theta = (aqq - app) / (2.0 * apq);
          var tt = 0.5 / abs(theta); // |θ| so large that θ² + 1 would overflow
          if (abs(theta) < 1e18) { tt = 1.0 / (abs(theta) + sqrt(theta * theta + 1.0)); }
          if (theta < 0.0) { tt = -tt; }
          let c = 1.0 / sqrt(tt * tt + 1.0);
          let s = tt * c;
          r = vec3f(c, s, s / (1.0 + c));
          let h = tt * apq;
          Z[p] -= h;
          Z[q] += h;
          a[p * NP + p] = app - h;
          a[q * NP + q] = aqq + h;
          a[p * NP + q] = 0.0;
          a[q * NP + p] = 0.0;
          atomicStore(&rotated, 1u);
        }
        rot[t] = r;
        pq[t] = vec2u(p, q);
      }
      workgroupBarrier();
      // A <- JᵀAJ off the pairs' own blocks: block (u, w) = rows p_u, q_u × columns p_w, q_w,
      // rotated by pair u on the left and pair w on the right, then mirrored to (w, u).
      for (var e = lid; e < BLOCKS; e += WG) {
        let uw = blockPair(e);
        let ru = rot[uw.x];
        let rw = rot[uw.y];
        let i = pq[uw.x];
        let j = pq[uw.y];
        let colP = rotate(a[i.x * NP + j.x], a[i.y * NP + j.x], ru); // column p_w, rows p_u, q_u
        let colQ = rotate(a[i.x * NP + j.y], a[i.y * NP + j.y], ru); // column q_w
        let rowP = rotate(colP.x, colQ.x, rw); // row p_u, columns p_w, q_w
        let rowQ = rotate(colP.y, colQ.y, rw); // row q_u
        a[i.x * NP + j.x] = rowP.x;
        a[i.x * NP + j.y] = rowP.y;
        a[i.y * NP + j.x] = rowQ.x;
        a[i.y * NP + j.y] = rowQ.y;
        a[j.x * NP + i.x] = rowP.x;
        a[j.y * NP + i.x] = rowP.y;
        a[j.x * NP + i.y] = rowQ.x;
        a[j.y * NP + i.y] = rowQ.y;
      }
      // V <- V·J (columns p, q of every pair)
      for (var e = lid; e < HALF * NP; e += WG) {
        let t = e / NP;
        let i = vo + (e % NP) * NP;
        let p = pq[t];
        let v = rotate(VECS[i + p.x], VECS[i + p.y], rot[t]);
        VECS[i + p.x] = v.x;
        VECS[i + p.y] = v.y;
      }
      storageBarrier();
      workgroupBarrier();
    }
    // The sweep's diagonal changes, summed apart from the diagonal, are added to it once.
    for (var i = lid; i < NP; i += WG) {
      B[i] += Z[i];
      Z[i] = 0.0;
      a[i * NP + i] = B[i];
    }
    if (lid == 0u) { done = select(0u, 1u, atomicLoad(&rotated) == 0u); }
    if (workgroupUniformLoad(&done) == 1u) { break; }
  }
  for (var i = lid; i < NP; i += WG) { VALS[b * NP + i] = a[i * NP + i]; }
}
