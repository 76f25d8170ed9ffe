// Legendre transform: a[k, idx] = Σ_j T[j, idx] F[k, j, m(idx)] for the packed (ℓ, m) indices
// idx0 … idx0 + nidx - 1. T[j, idx] = w_j λ_ℓm(x_j) (× √2 for m > 0) comes precomputed in
// float64 and rounded to f32: the float32 recursion would underflow above ℓ ≈ 240.
struct Params {
  nlat: u32,
  mcount: u32,
  idx0: u32,
  nidx: u32,
  ntotal: u32,
  count: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> T: array<f32>;
@group(0) @binding(2) var<storage, read> lm: array<vec2u>;
@group(0) @binding(3) var<storage, read> F: array<vec2f>;
@group(0) @binding(4) var<storage, read_write> A: array<vec2f>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let t = g.x;
  let k = g.y;
  if (t >= P.nidx || k >= P.count) {
    return;
  }
  let idx = P.idx0 + t;
  let m = lm[idx].y;
  var acc = vec2f(0.0);
  for (var j = 0u; j < P.nlat; j++) {
    acc = acc + T[j * P.nidx + t] * F[(k * P.nlat + j) * P.mcount + m];
  }
  A[k * P.ntotal + idx] = acc;
}
