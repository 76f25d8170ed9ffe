// dL/d(output) of the batch: MSE (out - y)/N per element, or softmax cross-entropy
// (softmax(out) - onehot(y))/N per row (CROSS_ENTROPY; y holds class indices as f32).
// CPU twin: lossGradient in src/train/loss.ts.

struct Params {
  rows: u32,
  k: u32,
  inv_n: f32,
  pad: u32,
}

@group(0) @binding(0) var<uniform> prm: Params;
@group(0) @binding(1) var<storage, read> outp: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> g: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
#if CROSS_ENTROPY
  let r = gid.x;
  if (r >= prm.rows) { return; }
  let o = r * prm.k;
  var m = outp[o];
  for (var j = 1u; j < prm.k; j++) { m = max(m, outp[o + j]); }
  var z = 0.0;
  for (var j = 0u; j < prm.k; j++) { z += exp(outp[o + j] - m); }
  let cls = u32(y[r]);
  for (var j = 0u; j < prm.k; j++) {
    var p = exp(outp[o + j] - m) / z;
    if (j == cls) { p -= 1.0; }
    g[o + j] = p * prm.inv_n;
  }
#else
  let i = gid.x;
  if (i >= prm.rows * prm.k) { return; }
  g[i] = (outp[i] - y[i]) * prm.inv_n;
#endif
}
