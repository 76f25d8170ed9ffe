// The fused layer for large GPUs: a 16×16 workgroup computes a 128 × 128 block of Y, each
// thread 8 rows (16 apart) × 8 points (two groups of 4 consecutive points, 64 apart) in 16 vec4
// accumulators written out by hand. Same reduction order as layer.wgsl and layer4x4.wgsl.
{{ACTIVATION}}
#include "lib/layer-io.wgsl"
#include "lib/layer-stage-w.wgsl"
#include "lib/layer-stage-x4.wgsl"

const BK: u32 = {{BK}}u;
const BM: u32 = 128u;
const BN: u32 = 128u;

var<workgroup> As: array<f32, BK * BM>;
var<workgroup> Bs: array<vec4f, BK * 32u>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let k = wg.z;
  let row0 = wg.y * BM;
  let pt0 = wg.x * BN;
  let wbase = k * P.rows * P.cols;
  let xbase = k * P.xstride;
  var acc0a = vec4f(0.0);
  var acc0b = vec4f(0.0);
  var acc1a = vec4f(0.0);
  var acc1b = vec4f(0.0);
  var acc2a = vec4f(0.0);
  var acc2b = vec4f(0.0);
  var acc3a = vec4f(0.0);
  var acc3b = vec4f(0.0);
  var acc4a = vec4f(0.0);
  var acc4b = vec4f(0.0);
  var acc5a = vec4f(0.0);
  var acc5b = vec4f(0.0);
  var acc6a = vec4f(0.0);
  var acc6b = vec4f(0.0);
  var acc7a = vec4f(0.0);
  var acc7b = vec4f(0.0);
  for (var c0 = 0u; c0 < P.cols; c0 += BK) {
    stage_w(li, wbase, row0, c0, BM);
    stage_x4(li, xbase, pt0, c0, 32u);
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      let b0 = Bs[kk * 32u + lid.x];
      let b1 = Bs[kk * 32u + 16u + lid.x];
      let ab = kk * BM + lid.y;
      let a0 = As[ab + 0u];
      acc0a = acc0a + a0 * b0;
      acc0b = acc0b + a0 * b1;
      let a1 = As[ab + 16u];
      acc1a = acc1a + a1 * b0;
      acc1b = acc1b + a1 * b1;
      let a2 = As[ab + 32u];
      acc2a = acc2a + a2 * b0;
      acc2b = acc2b + a2 * b1;
      let a3 = As[ab + 48u];
      acc3a = acc3a + a3 * b0;
      acc3b = acc3b + a3 * b1;
      let a4 = As[ab + 64u];
      acc4a = acc4a + a4 * b0;
      acc4b = acc4b + a4 * b1;
      let a5 = As[ab + 80u];
      acc5a = acc5a + a5 * b0;
      acc5b = acc5b + a5 * b1;
      let a6 = As[ab + 96u];
      acc6a = acc6a + a6 * b0;
      acc6b = acc6b + a6 * b1;
      let a7 = As[ab + 112u];
      acc7a = acc7a + a7 * b0;
      acc7b = acc7b + a7 * b1;
    }
    workgroupBarrier();
  }
  store4(k, row0 + lid.y + 0u, pt0 + 4u * lid.x, acc0a);
  store4(k, row0 + lid.y + 0u, pt0 + 64u + 4u * lid.x, acc0b);
  store4(k, row0 + lid.y + 16u, pt0 + 4u * lid.x, acc1a);
  store4(k, row0 + lid.y + 16u, pt0 + 64u + 4u * lid.x, acc1b);
  store4(k, row0 + lid.y + 32u, pt0 + 4u * lid.x, acc2a);
  store4(k, row0 + lid.y + 32u, pt0 + 64u + 4u * lid.x, acc2b);
  store4(k, row0 + lid.y + 48u, pt0 + 4u * lid.x, acc3a);
  store4(k, row0 + lid.y + 48u, pt0 + 64u + 4u * lid.x, acc3b);
  store4(k, row0 + lid.y + 64u, pt0 + 4u * lid.x, acc4a);
  store4(k, row0 + lid.y + 64u, pt0 + 64u + 4u * lid.x, acc4b);
  store4(k, row0 + lid.y + 80u, pt0 + 4u * lid.x, acc5a);
  store4(k, row0 + lid.y + 80u, pt0 + 64u + 4u * lid.x, acc5b);
  store4(k, row0 + lid.y + 96u, pt0 + 4u * lid.x, acc6a);
  store4(k, row0 + lid.y + 96u, pt0 + 64u + 4u * lid.x, acc6b);
  store4(k, row0 + lid.y + 112u, pt0 + 4u * lid.x, acc7a);
  store4(k, row0 + lid.y + 112u, pt0 + 64u + 4u * lid.x, acc7b);
}

