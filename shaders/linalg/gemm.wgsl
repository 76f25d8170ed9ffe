// C = alpha·op(A)·op(B) + beta·C, row-major, batched over workgroup_id.z. 64×64 output tile per
// workgroup, 4×4 outputs per thread, K staged through workgroup memory 16 at a time. Loads are
// laid out so that consecutive threads read consecutive addresses for either transpose.
struct Params {
  m: u32, n: u32, k: u32, _pad: u32,
  strideA: u32, strideB: u32, strideC: u32, _pad2: u32,
  alpha: f32, beta: f32, _pad3: f32, _pad4: f32,
}

@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> P: Params;

var<workgroup> As: array<f32, 1024>; // [kk * 64 + row]
var<workgroup> Bs: array<f32, 1024>; // [kk * 64 + col]

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let row0 = wid.y * 64u;
  let col0 = wid.x * 64u;
  let aBase = wid.z * P.strideA;
  let bBase = wid.z * P.strideB;
  let cBase = wid.z * P.strideC;
  let tid = lid.y * 16u + lid.x;
  var acc: array<f32, 16>;
  for (var k0 = 0u; k0 < P.k; k0 += 16u) {
    for (var t = 0u; t < 4u; t++) {
      let e = tid + t * 256u;
#if TRANS_A
      let kk = e / 64u; let r = e % 64u;
#else
      let r = e / 16u; let kk = e % 16u;
#endif
      let gr = row0 + r;
      let gk = k0 + kk;
      var v = 0.0;
      if (gr < P.m && gk < P.k) {
#if TRANS_A
        v = A[aBase + gk * P.m + gr];
#else
        v = A[aBase + gr * P.k + gk];
#endif
      }
      As[kk * 64u + r] = v;
#if TRANS_B
      let c2 = e / 16u; let kk2 = e % 16u;
#else
      let kk2 = e / 64u; let c2 = e % 64u;
#endif
      let gc = col0 + c2;
      let gk2 = k0 + kk2;
      var w = 0.0;
      if (gc < P.n && gk2 < P.k) {
#if TRANS_B
        w = B[bBase + gc * P.k + gk2];
#else
        w = B[bBase + gk2 * P.n + gc];
#endif
      }
      Bs[kk2 * 64u + c2] = w;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) { a[i] = As[kk * 64u + lid.y + 16u * i]; }
      for (var j = 0u; j < 4u; j++) { b[j] = Bs[kk * 64u + lid.x + 16u * j]; }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) { acc[i * 4u + j] = fma(a[i], b[j], acc[i * 4u + j]); }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let r = row0 + lid.y + 16u * i;
    if (r >= P.m) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let c = col0 + lid.x + 16u * j;
      if (c >= P.n) { continue; }
      let idx = cBase + r * P.n + c;
      var v = P.alpha * acc[i * 4u + j];
      if (P.beta != 0.0) { v = v + P.beta * C[idx]; }
      C[idx] = v;
    }
  }
}
