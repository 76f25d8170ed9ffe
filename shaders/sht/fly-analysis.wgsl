// Legendre transform with the Legendre values made on the fly (twin: analyse in
// src/sphere/sht-cpu.ts): a[k, ℓ, m] = Σ_j w_j λ_ℓm(x_j) F[k, j, m] (× √2 for m > 0).
// Workgroup (m, field group): its 64 threads own 64 ring pairs (x, -x) at a time and run the
// ℓ-recursion for their pair's x, LT degrees at a time, into workgroup memory; then the same
// threads, one per (ℓ, field) output, contract those values with the pairs' even and odd
// combinations F(x) ± F(-x) (λ_ℓm(-x) = (-1)^(ℓ+m) λ_ℓm(x)). Values are extended-range numbers
// p · 2^(64 sc), sc ≤ 0 (src/sphere/legendre-scaled.ts); they count only once sc = 0.
// The recursion runs at x_hi (x rounded to f32) and carries q, the first-order change of the
// values from x_lo = x - x_hi (differentiated recursion), so that the rounding of x, the same at
// every degree, does not add up over the rings; the value used is p + q.
// Each workgroup owns its m's coefficients, so the ring-pair tiles accumulate into A unsynchronised.
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

const WG: u32 = 64u;
const LT: u32 = 32u;
const FK: u32 = {{FK}}u;
const BIG: f32 = 4294967296.0;      // 2^32: rescale once |p| passes it
const SHRINK: f32 = 5.421010862e-20; // 2^-64

@group(0) @binding(0) var<uniform> P: Params;
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
    var x = 0.0;
    var xl = 0.0;
    var wt = 0.0;
    var p0 = 0.0;
    var p1 = 0.0;
    var q0 = 0.0;
    var q1 = 0.0;
    var sc = 0.0;
    if (valid) {
      let r = ring[h];
      x = r.x;
      xl = r.z;
      wt = r.y * norm;
      let s = seeds[m * P.nh + h];
      p1 = s.x;
      sc = s.y;
    }
    for (var l0 = 0u; l0 < len; l0 += LT) {
      for (var q = 0u; q < LT; q++) {
        let li = l0 + q;
        var v = 0.0;
        if (li < len) {
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
          v = select(0.0, (p1 + q1) * wt, sc == 0.0);
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
