// Inverse Legendre transform, one (ℓ, m) slice of the table at a time:
// G[k, j, m] (+)= Σ_{idx in slice, m(idx) = m} λ_ℓm(x_j) a[k, idx], with λ (× √2 for m > 0)
// recovered from the analysis table T[j, idx] = w_j λ_ℓm(x_j) (× √2) by dividing by w_j.
struct Params {
  nlat: u32,
  mcount: u32,
  idx0: u32,
  nidx: u32,
  ntotal: u32,
  count: u32,
  lmax: u32,
  first: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> T: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> A: array<vec2f>;
@group(0) @binding(4) var<storage, read_write> G: array<vec2f>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let m = g.x;
  let j = g.y;
  let k = g.z;
  if (m >= P.mcount || j >= P.nlat || k >= P.count) {
    return;
  }
  // Packed indices of (m, m) … (lmax, m), clipped to this slice.
  let start = m * (2u * P.lmax + 3u - m) / 2u;
  let end = start + (P.lmax + 1u - m);
  let lo = max(start, P.idx0);
  let hi = min(end, P.idx0 + P.nidx);
  var acc = vec2f(0.0);
  for (var idx = lo; idx < hi; idx++) {
    acc = acc + T[j * P.nidx + (idx - P.idx0)] * A[k * P.ntotal + idx];
  }
  let o = (k * P.nlat + j) * P.mcount + m;
  let prev = select(G[o], vec2f(0.0), P.first == 1u);
  G[o] = prev + acc / w[j];
}
