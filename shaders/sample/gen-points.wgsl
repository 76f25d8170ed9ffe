// Each network's own antipodal evaluation points on S^{d-1} (CPU twin: antipodalSpherePoints in
// src/sphere/harmonics.ts): point p < P is the normalised Philox normal vector with components
// normal_at(seed, STREAM_POINTS, c, p, d, network), point P + p its negative. Written as the input
// layer reads them: network k's chunk of points p0 … p0+npts-1 as [d × npts] at k·d·npts.
#include "lib/philox.wgsl"

const STREAM_POINTS: u32 = 24u;

struct Params {
  d: u32,
  pairs: u32,
  p0: u32,
  npts: u32,
  net0: u32,
  seed: u32,
  count: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> X: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let pl = g.x;
  let k = g.y;
  if (pl >= P.npts || k >= P.count) {
    return;
  }
  let p = P.p0 + pl;
  let q = p % P.pairs;
  let net = P.net0 + k;
  var s = 0.0;
  for (var c = 0u; c < P.d; c++) {
    let z = normal_at(P.seed, STREAM_POINTS, c, q, P.d, net);
    s += z * z;
  }
  let r = select(1.0, -1.0, p >= P.pairs) / sqrt(s);
  let base = k * P.d * P.npts + pl;
  for (var c = 0u; c < P.d; c++) {
    X[base + c * P.npts] = normal_at(P.seed, STREAM_POINTS, c, q, P.d, net) * r;
  }
}
