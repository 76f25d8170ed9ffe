// Draws one layer's weights and biases for a chunk of networks into a transient scratch
// buffer, right before the matmul that consumes them (so weights are never stored). Addressing
// (src/sample/network.ts): W[layer][row][col] of network k = normal at element col of stream
// (row, layer, k); bias = element 0 of stream (row, layer, k) under STREAM_BIAS.
#include "lib/philox.wgsl"

struct Params {
  rows: u32,
  cols: u32,
  layer: u32,
  net0: u32,
  seed: u32,
  count: u32,
  wstd: f32,
  bstd: f32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> W: array<f32>;
@group(0) @binding(2) var<storage, read_write> B: array<f32>;

// One Philox block gives four consecutive columns of a row.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let c4 = g.x;
  let r = g.y;
  let k = g.z;
  let cols4 = (P.cols + 3u) / 4u;
  if (c4 >= cols4 || r >= P.rows || k >= P.count) {
    return;
  }
  let net = P.net0 + k;
  let z = normal4(vec4u(c4, r, P.layer, net), vec2u(P.seed, STREAM_WEIGHTS)) * P.wstd;
  let c = 4u * c4;
  let base = (k * P.rows + r) * P.cols + c;
  for (var j = 0u; j < 4u; j++) {
    if (c + j < P.cols) {
      W[base + j] = z[j];
    }
  }
  if (c4 == 0u) {
    var b = 0.0;
    if (P.bstd > 0.0) {
      b = normal_at(P.seed, STREAM_BIAS, 0u, r, P.layer, net) * P.bstd;
    }
    B[k * P.rows + r] = b;
  }
}
