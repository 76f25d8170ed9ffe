// Gegenbauer estimator on the GPU (twin: src/sphere/gegenbauer-estimator.ts):
// out[bi, k, ℓ] = Σ_{i in block bi, j > i} f_k(x_i) f_k(x_j) G_ℓ(⟨x_i, x_j⟩).
// Workgroup bi owns one block of 8 points and walks the blocks bj ≥ bi: first its 64 threads
// evaluate G_0..G_lmax for the block's 64 pairs into workgroup memory, then the same threads,
// one per (k, ℓ) output, contract them with the fields. Each workgroup writes only its own
// slice of `out`, so no atomics are needed; the host sums the slices in float64.
// Workgroups along z are independent groups of `count` fields, each with its own points when
// pstride > 0 (points of group g at g·pstride; fields of group g from row g·count on).
struct Params {
  M: u32,
  d: u32,
  count: u32,
  nblocks: u32,
  pstride: u32,
}

const B: u32 = 8u;
const L1: u32 = {{L1}}u;
const COUNT: u32 = {{COUNT}}u;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> points: array<f32>;
@group(0) @binding(2) var<storage, read> f: array<f32>;
// (A_ℓ, B_ℓ) of G_{ℓ+1} = A_ℓ t G_ℓ - B_ℓ G_{ℓ-1}, from gegenbauerRecurrence in float64.
@group(0) @binding(3) var<storage, read> rec: array<vec2f>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

var<workgroup> G: array<f32, L1 * 64u>;
var<workgroup> fi: array<f32, COUNT * 8u>;
var<workgroup> fj: array<f32, COUNT * 8u>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) tid: u32) {
  let bi = wg.x;
  let a = tid / B;
  let c = tid % B;
  let i = bi * B + a;
  let base = (wg.z * P.nblocks + bi) * COUNT * L1;
  let pbase = wg.z * P.pstride;
  let fbase = wg.z * P.count * P.M;
  for (var o = tid; o < COUNT * L1; o += 64u) {
    out[base + o] = 0.0;
  }
  for (var o = tid; o < COUNT * B; o += 64u) {
    let k = o / B;
    let p = bi * B + o % B;
    fi[o] = select(0.0, f[fbase + k * P.M + p], p < P.M && k < P.count);
  }
  for (var bj = bi; bj < P.nblocks; bj++) {
    let j = bj * B + c;
    var t = 0.0;
    let valid = i < P.M && j < P.M && j > i;
    if (valid) {
      for (var q = 0u; q < P.d; q++) {
        t += points[pbase + i * P.d + q] * points[pbase + j * P.d + q];
      }
      t = clamp(t, -1.0, 1.0);
    }
    var gm = 1.0;
    var g = t;
    G[tid] = select(0.0, 1.0, valid);
    if (L1 > 1u) {
      G[64u + tid] = select(0.0, t, valid);
    }
    for (var l = 1u; l + 1u < L1; l++) {
      let gn = rec[l].x * t * g - rec[l].y * gm;
      gm = g;
      g = gn;
      G[(l + 1u) * 64u + tid] = select(0.0, g, valid);
    }
    for (var o = tid; o < COUNT * B; o += 64u) {
      let k = o / B;
      let p = bj * B + o % B;
      fj[o] = select(0.0, f[fbase + k * P.M + p], p < P.M && k < P.count);
    }
    workgroupBarrier();
    for (var o = tid; o < COUNT * L1; o += 64u) {
      let k = o / L1;
      let l = o % L1;
      var s = 0.0;
      for (var pr = 0u; pr < 64u; pr++) {
        s += fi[k * B + pr / B] * fj[k * B + pr % B] * G[l * 64u + pr];
      }
      out[base + o] += s;
    }
    workgroupBarrier();
  }
}
