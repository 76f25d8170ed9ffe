// Fused layer of a batch of networks: Y[k] = act(W[k] X[k] + b[k]) (act only when ACT).
// W: [count × rows × cols], X: [· × cols × npts] with batch stride xstride (0 broadcasts one
// input to every network, as the sphere points are), Y: [count × rows × npts].
// Tiled in workgroup memory: a 16 × 16 workgroup computes a (16 TM) × (16 TN) block of Y,
// each thread a TM × TN register block; the reduction over cols runs in BK-wide slabs in
// ascending order, so every output is the same sum whichever chunk of networks or points it
// is computed in.
{{ACTIVATION}}
#include "lib/layer-io.wgsl"
#include "lib/layer-stage-w.wgsl"

const TM: u32 = {{TM}}u;
const TN: u32 = {{TN}}u;
const BK: u32 = {{BK}}u;
const BM: u32 = 16u * TM;
const BN: u32 = 16u * TN;

var<workgroup> As: array<f32, BK * BM>;
var<workgroup> Bs: array<f32, BK * BN>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let k = wg.z;
  let row0 = wg.y * BM;
  let pt0 = wg.x * BN;
  let wbase = k * P.rows * P.cols;
  let xbase = k * P.xstride;
  var acc: array<array<f32, TN>, TM>;
  for (var c0 = 0u; c0 < P.cols; c0 += BK) {
    stage_w(li, wbase, row0, c0, BM);
    // Consecutive threads read consecutive points of an X row.
    for (var e = li; e < BK * BN; e += 256u) {
      let kk = e / BN;
      let pp = e % BN;
      let c = c0 + kk;
      let p = pt0 + pp;
      var v = 0.0;
      if (c < P.cols && p < P.npts) {
        v = X[xbase + c * P.npts + p];
      }
      Bs[kk * BN + pp] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      var a: array<f32, TM>;
      var b: array<f32, TN>;
      for (var i = 0u; i < TM; i++) {
        a[i] = As[kk * BM + lid.y + 16u * i];
      }
      for (var j = 0u; j < TN; j++) {
        b[j] = Bs[kk * BN + lid.x + 16u * j];
      }
      for (var i = 0u; i < TM; i++) {
        for (var j = 0u; j < TN; j++) {
          acc[i][j] = acc[i][j] + a[i] * b[j];
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < TM; i++) {
    let r = row0 + lid.y + 16u * i;
    if (r >= P.rows) {
      continue;
    }
    let bias = B[k * P.rows + r];
    for (var j = 0u; j < TN; j++) {
      let p = pt0 + lid.x + 16u * j;
      if (p < P.npts) {
        var y = acc[i][j] + bias;
#if ACT
        y = act(y);
#endif
        Y[(k * P.rows + r) * P.npts + p] = y;
      }
    }
  }
}
