// Inverse ring Fourier transform: f[k, j, i] = Σ_m Gc[k, j, m] cos(m φ_i) + Gs[k, j, m] sin(m φ_i).
// trig holds (cos, sin)(m φ_i) · 2π/nlon (the analysis table); `inv` = nlon / 2π undoes the factor.
struct Params {
  nlat: u32,
  nlon: u32,
  mcount: u32,
  count: u32,
  inv: f32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> trig: array<vec2f>;
@group(0) @binding(2) var<storage, read> G: array<vec2f>;
@group(0) @binding(3) var<storage, read_write> f: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  let j = g.y;
  let k = g.z;
  if (i >= P.nlon || j >= P.nlat || k >= P.count) {
    return;
  }
  let gb = (k * P.nlat + j) * P.mcount;
  var s = 0.0;
  for (var m = 0u; m < P.mcount; m++) {
    s = s + dot(G[gb + m], trig[m * P.nlon + i]);
  }
  f[(k * P.nlat + j) * P.nlon + i] = s * P.inv;
}
