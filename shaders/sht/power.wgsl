// Degree power: p[k, ℓ] = Σ_{m ≤ ℓ} |a[k, idx(ℓ, m)]|² (packed m-major, see src/sphere/legendre.ts),
// and the grid energy of each field ring: e[k, j] = Σ_i f[k, j, i]² (weighted on the CPU).
struct Params {
  lmax: u32,
  ntotal: u32,
  count: u32,
  nlat: u32,
  nlon: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> A: array<vec2f>;
@group(0) @binding(2) var<storage, read> f: array<f32>;
@group(0) @binding(3) var<storage, read_write> pw: array<f32>;
@group(0) @binding(4) var<storage, read_write> e: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let t = g.x;
  let k = g.y;
  if (k >= P.count) {
    return;
  }
  if (t <= P.lmax) {
    var s = 0.0;
    for (var m = 0u; m <= t; m++) {
      let idx = m * (2u * P.lmax + 3u - m) / 2u + (t - m);
      let a = A[k * P.ntotal + idx];
      s = s + dot(a, a);
    }
    pw[k * (P.lmax + 1u) + t] = s;
  }
  if (t < P.nlat) {
    let fb = (k * P.nlat + t) * P.nlon;
    var s = 0.0;
    for (var i = 0u; i < P.nlon; i++) {
      let v = f[fb + i];
      s = s + v * v;
    }
    e[k * P.nlat + t] = s;
  }
}
