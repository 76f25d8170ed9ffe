// Legendre transform with the Legendre values made on the fly (twin: analyse in
// src/sphere/sht-cpu.ts): a[k, ℓ, m] = Σ_j w_j λ_ℓm(x_j) F[k, j, m] (× √2 for m > 0).
// Workgroup (m, field group): its 64 threads own 64 ring pairs (x, -x) at a time and run the
// ℓ-recursion (lib/legendre-fly.wgsl) for their pair's x, LT degrees at a time, into workgroup
// memory; then the same threads, one per (ℓ, field) output, contract those values with the
// pairs' even and odd combinations F(x) ± F(-x) (λ_ℓm(-x) = (-1)^(ℓ+m) λ_ℓm(x)).
// Each workgroup owns its m's coefficients, so the ring-pair tiles accumulate into A unsynchronised.
#include "lib/legendre-fly.wgsl"

const WG: u32 = 64u;
const LT: u32 = 32u;
const FK: u32 = {{FK}}u;

@group(0) @binding(0) var<uniform> P: FlyParams;
@group(0) @binding(1) var<storage, read> ring: array<vec4f>;
@group(0) @binding(2) var<storage, read> seeds: array<vec2f>;
@group(0) @binding(3) var<storage, read> rec: array<vec2f>;
@group(0) @binding(4) var<storage, read> F: array<vec2f>;
@group(0) @binding(5) var<storage, read_write> A: array<vec2f>;

var<workgroup> lam: array<f32, LT * WG>;
var<workgroup> fe: array<vec2f, FK * WG>;
var<workgroup> fo: array<vec2f, FK * WG>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) t: u32) {
  let m = P.m0 + wg.x;
  let k0 = wg.y * FK;
  let i0 = m * (2u * P.lmax + 3u - m) / 2u;
  let len = P.lmax + 1u - m;
  let norm = select(1.41421356, 1.0, m == 0u);
  let ntiles = (P.nh + WG - 1u) / WG;
  for (var tile = 0u; tile < ntiles; tile++) {
    let h = tile * WG + t;
    let valid = h < P.nh;
    let jn = P.nlat - 1u - h;
    for (var kk = 0u; kk < FK; kk++) {
      let k = k0 + kk;
      var e = vec2f(0.0);
      var o = vec2f(0.0);
      if (valid && k < P.count) {
        let fn_ = F[(k * P.nlat + jn) * P.mcount + m];
        if (jn == h) {
          e = fn_;
          o = fn_;
        } else {
          let fs = F[(k * P.nlat + h) * P.mcount + m];
          e = fn_ + fs;
          o = fn_ - fs;
        }
      }
      fe[kk * WG + t] = e;
      fo[kk * WG + t] = o;
    }
    var r = vec4f(0.0);
    var st = FlyState(0.0, 0.0, 0.0, 0.0, 0.0);
    if (valid) {
      r = ring[h];
      st = flyStart(seeds[m * P.nh + h]);
    }
    let wt = r.y * norm;
    for (var l0 = 0u; l0 < len; l0 += LT) {
      for (var q = 0u; q < LT; q++) {
        let li = l0 + q;
        var v = 0.0;
        if (li < len) {
          if (li > 0u) {
            flyStep(&st, rec[i0 + li], r.x, r.z);
          }
          v = flyValue(st) * wt;
        }
        lam[q * WG + t] = v;
      }
      workgroupBarrier();
      for (var o = t; o < LT * FK; o += WG) {
        let q = o % LT;
        let kk = o / LT;
        let li = l0 + q;
        let k = k0 + kk;
        if (li < len && k < P.count) {
          var acc = vec2f(0.0);
          if ((li & 1u) == 1u) {
            for (var s = 0u; s < WG; s++) {
              acc = acc + lam[q * WG + s] * fo[kk * WG + s];
            }
          } else {
            for (var s = 0u; s < WG; s++) {
              acc = acc + lam[q * WG + s] * fe[kk * WG + s];
            }
          }
          let idx = k * P.ntotal + i0 + li;
          if (tile == 0u) {
            A[idx] = acc;
          } else {
            A[idx] = A[idx] + acc;
          }
        }
      }
      workgroupBarrier();
    }
  }
}
