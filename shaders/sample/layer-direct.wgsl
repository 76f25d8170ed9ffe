// The fused layer without workgroup memory or barriers: each thread reads its 4 W rows and its
// 4 consecutive X points straight from storage and keeps the 4 × 4 block in vec4 accumulators.
// For CPU implementations of WebGPU (SwiftShader), where barriers cost far more than the caches
// save; GPUs use the tiled kernels. The reduction order (ascending columns, one multiply-add
// at a time per output) is the tiled kernels' own, so results agree with them.
{{ACTIVATION}}
#include "lib/layer-io.wgsl"

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
  let ra = min(r0, P.rows - 1u) * P.cols + wbase;
  let rb = min(r0 + 4u, P.rows - 1u) * P.cols + wbase;
  let rc = min(r0 + 8u, P.rows - 1u) * P.cols + wbase;
  let rd = min(r0 + 12u, P.rows - 1u) * P.cols + wbase;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var c = 0u; c < P.cols; c++) {
    let b = load_x4(xbase + c * P.npts, p);
    acc0 = acc0 + W[ra + c] * b;
    acc1 = acc1 + W[rb + c] * b;
    acc2 = acc2 + W[rc + c] * b;
    acc3 = acc3 + W[rd + c] * b;
  }
  store4(k, r0, p, acc0);
  store4(k, r0 + 4u, p, acc1);
  store4(k, r0 + 8u, p, acc2);
  store4(k, r0 + 12u, p, acc3);
}

