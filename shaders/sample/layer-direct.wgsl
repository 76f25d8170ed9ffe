// The fused layer without workgroup memory or barriers: each thread reads its 4 W rows and its
// 4 consecutive X points straight from storage and keeps the 4 × 4 block in vec4 accumulators.
// For CPU implementations of WebGPU (SwiftShader), where barriers cost far more than the caches
// save; GPUs use the tiled kernels. The reduction order (ascending columns, one multiply-add
// at a time per output) is the tiled kernels' own, so results agree with them.
{{ACTIVATION}}

struct Params {
  rows: u32,
  cols: u32,
  npts: u32,
  xstride: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> X: array<f32>;
@group(0) @binding(4) var<storage, read_write> Y: array<f32>;

@compute @workgroup_size(16, 4)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let k = wg.z;
  // A workgroup covers 16 rows (4 per thread, 4 apart) × 64 points (4 per thread).
  let r0 = wg.y * 16u + lid.y;
  let p = wg.x * 64u + 4u * lid.x;
  if (p >= P.npts) {
    return;
  }
  let wbase = k * P.rows * P.cols;
  let xbase = k * P.xstride + p;
  let full = p + 3u < P.npts;
  let ra = min(r0, P.rows - 1u) * P.cols + wbase;
  let rb = min(r0 + 4u, P.rows - 1u) * P.cols + wbase;
  let rc = min(r0 + 8u, P.rows - 1u) * P.cols + wbase;
  let rd = min(r0 + 12u, P.rows - 1u) * P.cols + wbase;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var c = 0u; c < P.cols; c++) {
    let xb = xbase + c * P.npts;
    var b: vec4f;
    if (full) {
      b = vec4f(X[xb], X[xb + 1u], X[xb + 2u], X[xb + 3u]);
    } else {
      b = vec4f(X[xb], 0.0, 0.0, 0.0);
      for (var t = 1u; t < 4u; t++) {
        if (p + t < P.npts) {
          b[t] = X[xb + t];
        }
      }
    }
    acc0 = acc0 + W[ra + c] * b;
    acc1 = acc1 + W[rb + c] * b;
    acc2 = acc2 + W[rc + c] * b;
    acc3 = acc3 + W[rd + c] * b;
  }
  store(k, r0, p, acc0);
  store(k, r0 + 4u, p, acc1);
  store(k, r0 + 8u, p, acc2);
  store(k, r0 + 12u, p, acc3);
}

fn store(k: u32, r: u32, p: u32, acc: vec4f) {
  if (r >= P.rows) {
    return;
  }
  let bias = B[k * P.rows + r];
  let base = (k * P.rows + r) * P.npts;
  for (var t = 0u; t < 4u; t++) {
    if (p + t < P.npts) {
      var y = acc[t] + bias;
#if ACT
      y = act(y);
#endif
      Y[base + p + t] = y;
    }
  }
}
