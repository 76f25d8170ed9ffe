// Inverse Legendre transform with the Legendre values made on the fly (twin: shtSynthesis in
// src/sphere/sht-cpu.ts): G[k, j, m] = Σ_ℓ λ_ℓm(x_j) a[k, ℓ, m] (× √2 for m > 0). One thread per
// (ring pair, m, field group) runs the ℓ-recursion (lib/legendre-fly.wgsl) for its pair's x and
// sums the even and odd degrees apart, which give both rings of the pair.
#include "lib/legendre-fly.wgsl"

const FK: u32 = {{FK}}u;

@group(0) @binding(0) var<uniform> P: FlyParams;
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
  let r = ring[h];
  var st = flyStart(seeds[m * P.nh + h]);
  var ge: array<vec2f, FK>;
  var go: array<vec2f, FK>;
  for (var li = 0u; li < len; li++) {
    if (li > 0u) {
      flyStep(&st, rec[i0 + li], r.x, r.z);
    }
    if (st.sc == 0.0) {
      let v = flyValue(st);
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
