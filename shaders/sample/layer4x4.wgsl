// The fused layer of layer.wgsl with the register block written out: each thread owns 4 rows
// (16 apart) × 4 consecutive points held in vec4 accumulators, so no private array is indexed
// dynamically (SwiftShader's JIT spills those to memory; GPU compilers unroll either form).
// Same reduction order as layer.wgsl: ascending columns in BK-wide slabs.
{{ACTIVATION}}
#include "lib/layer-io.wgsl"
#include "lib/layer-stage-w.wgsl"
#include "lib/layer-stage-x4.wgsl"

const BK: u32 = {{BK}}u;
const BM: u32 = 64u;
const BN: u32 = 64u;

var<workgroup> As: array<f32, BK * BM>;
var<workgroup> Bs: array<vec4f, BK * 16u>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let k = wg.z;
  let row0 = wg.y * BM;
  let pt0 = wg.x * BN;
  let wbase = k * P.rows * P.cols;
  let xbase = k * P.xstride;
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var c0 = 0u; c0 < P.cols; c0 += BK) {
    stage_w(li, wbase, row0, c0, BM);
    stage_x4(li, xbase, pt0, c0, 16u);
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let b = Bs[kk * 16u + lid.x];
      let ab = kk * BM + lid.y;
      acc0 = acc0 + As[ab] * b;
      acc1 = acc1 + As[ab + 16u] * b;
      acc2 = acc2 + As[ab + 32u] * b;
      acc3 = acc3 + As[ab + 48u] * b;
    }
    workgroupBarrier();
  }
  store4(k, row0 + lid.y, pt0 + 4u * lid.x, acc0);
  store4(k, row0 + lid.y + 16u, pt0 + 4u * lid.x, acc1);
  store4(k, row0 + lid.y + 32u, pt0 + 4u * lid.x, acc2);
  store4(k, row0 + lid.y + 48u, pt0 + 4u * lid.x, acc3);
}

