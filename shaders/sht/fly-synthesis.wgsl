// Inverse Legendre transform with the Legendre values made on the fly (twin: shtSynthesis in
// src/sphere/sht-cpu.ts): G[k, j, m] = Σ_ℓ λ_ℓm(x_j) a[k, ℓ, m] (× √2 for m > 0). One thread per
// (ring pair, m, field group) runs the ℓ-recursion for its pair's x (extended-range values as in
// fly-analysis.wgsl, with the same first-order correction for the rounding of x) and sums the
// even and odd degrees apart, which give both rings of the pair.
struct Params {
  nlat: u32,
  nh: u32,
  mcount: u32,
  lmax: u32,
  ntotal: u32,
  count: u32,
  m0: u32,
  pad: u32,
}

const FK: u32 = {{FK}}u;
const BIG: f32 = 4294967296.0;
const SHRINK: f32 = 5.421010862e-20;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> ring: array<vec4f>;
@group(0) @binding(2) var<storage, read> seeds: array<vec2f>;
@group(0) @binding(3) var<storage, read> rec: array<vec2f>;
@group(0) @binding(4) var<storage, read> A: array<vec2f>;
@group(0) @binding(5) var<storage, read_write> G: array<vec2f>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let h = gid.x;
  let m = P.m0 + gid.y;
  let k0 = gid.z * FK;
  if (h >= P.nh || m > P.lmax) {
    return;
  }
  let i0 = m * (2u * P.lmax + 3u - m) / 2u;
  let len = P.lmax + 1u - m;
  let x = ring[h].x;
  let xl = ring[h].z;
  let s = seeds[m * P.nh + h];
  var p0 = 0.0;
  var p1 = s.x;
  var sc = s.y;
  var q0 = 0.0;
  var q1 = 0.0;
  var ge: array<vec2f, FK>;
  var go: array<vec2f, FK>;
  for (var li = 0u; li < len; li++) {
    if (li > 0u) {
      let ab = rec[i0 + li];
      let p2 = ab.x * (x * p1 - ab.y * p0);
      let q2 = ab.x * (x * q1 + xl * p1 - ab.y * q0);
      p0 = p1;
      p1 = p2;
      q0 = q1;
      q1 = q2;
      if (sc < 0.0 && abs(p1) > BIG) {
        p0 = p0 * SHRINK;
        p1 = p1 * SHRINK;
        q0 = q0 * SHRINK;
        q1 = q1 * SHRINK;
        sc = sc + 1.0;
      }
    }
    if (sc == 0.0) {
      let v = p1 + q1;
      for (var kk = 0u; kk < FK; kk++) {
        let k = min(k0 + kk, P.count - 1u);
        let a = v * A[k * P.ntotal + i0 + li];
        if ((li & 1u) == 1u) {
          go[kk] = go[kk] + a;
        } else {
          ge[kk] = ge[kk] + a;
        }
      }
    }
  }
  let norm = select(1.41421356, 1.0, m == 0u);
  let jn = P.nlat - 1u - h;
  for (var kk = 0u; kk < FK; kk++) {
    let k = k0 + kk;
    if (k < P.count) {
      G[(k * P.nlat + jn) * P.mcount + m] = (ge[kk] + go[kk]) * norm;
      if (jn != h) {
        G[(k * P.nlat + h) * P.mcount + m] = (ge[kk] - go[kk]) * norm;
      }
    }
  }
}
