// Ring Fourier transform of a batch of fields on the Gauss–Legendre grid:
// F[k, j, m] = (Σ_i f[k, j, i] cos(m φ_i), Σ_i f[k, j, i] sin(m φ_i)) · 2π/nlon, m ≤ lmax.
// trigT[i * mcount + m] holds (cos, sin)(m φ_i) · 2π/nlon, computed in float64 on the CPU; the
// i-major layout makes the threads of a workgroup (consecutive m) read consecutive entries.
struct Params {
  nlat: u32,
  nlon: u32,
  mcount: u32,
  count: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> trigT: array<vec2f>;
@group(0) @binding(2) var<storage, read> f: array<f32>;
@group(0) @binding(3) var<storage, read_write> F: array<vec2f>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let m = g.x;
  let j = g.y;
  let k = g.z;
  if (m >= P.mcount || j >= P.nlat || k >= P.count) {
    return;
  }
  let fb = (k * P.nlat + j) * P.nlon;
  var acc = vec2f(0.0);
  for (var i = 0u; i < P.nlon; i++) {
    acc = acc + f[fb + i] * trigT[i * P.mcount + m];
  }
  F[(k * P.nlat + j) * P.mcount + m] = acc;
}
