// The fused layer of layer.wgsl with the register block written out: each thread owns 4 rows
// (16 apart) × 4 consecutive points held in vec4 accumulators, so no private array is indexed
// dynamically (SwiftShader's JIT spills those to memory; GPU compilers unroll either form).
// Same reduction order as layer.wgsl: ascending columns in BK-wide slabs.
{{ACTIVATION}}

struct Params {
  rows: u32,
  cols: u32,
  npts: u32,
  xstride: u32,
}

const BK: u32 = {{BK}}u;
const BM: u32 = 64u;
const BN: u32 = 64u;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> X: array<f32>;
@group(0) @binding(4) var<storage, read_write> Y: array<f32>;

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
    for (var e = li; e < BM * BK; e += 256u) {
      let rr = e / BK;
      let kk = e % BK;
      let r = row0 + rr;
      let c = c0 + kk;
      var v = 0.0;
      if (r < P.rows && c < P.cols) {
        v = W[wbase + r * P.cols + c];
      }
      As[kk * BM + rr] = v;
    }
    for (var e = li; e < BK * 16u; e += 256u) {
      let kk = e / 16u;
      let q = e % 16u;
      let c = c0 + kk;
      let p = pt0 + 4u * q;
      var v = vec4f(0.0);
      if (c < P.cols) {
        let base = xbase + c * P.npts + p;
        if (p + 3u < P.npts) {
          v = vec4f(X[base], X[base + 1u], X[base + 2u], X[base + 3u]);
        } else {
          for (var t = 0u; t < 4u; t++) {
            if (p + t < P.npts) {
              v[t] = X[base + t];
            }
          }
        }
      }
      Bs[kk * 16u + q] = v;
    }
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
  store(k, row0 + lid.y, pt0 + 4u * lid.x, acc0);
  store(k, row0 + lid.y + 16u, pt0 + 4u * lid.x, acc1);
  store(k, row0 + lid.y + 32u, pt0 + 4u * lid.x, acc2);
  store(k, row0 + lid.y + 48u, pt0 + 4u * lid.x, acc3);
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
