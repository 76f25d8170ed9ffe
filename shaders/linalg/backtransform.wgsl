// Eigenvectors of A from eigenvectors of T: x = H_0·H_1···H_{n-3}·z for each row z of Z
// (Z holds one vector per row, so each workgroup streams a contiguous row). One workgroup per
// vector applies all n-2 reflectors in sequence: one dispatch for the whole back-transformation.
struct Dims { n: u32, count: u32, _a: u32, _b: u32 }

@group(0) @binding(0) var<storage, read> U: array<f32>;
@group(0) @binding(1) var<storage, read_write> Z: array<f32>;
@group(0) @binding(2) var<uniform> D: Dims;

var<workgroup> red: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let n = D.n;
  let v = wid.x + wid.y * 65535u;
  if (v >= D.count) { return; }
  let zo = v * n;
  for (var kk = 0u; kk + 2u < n; kk++) {
    let k = n - 3u - kk;
    var s = 0.0;
    for (var i = k + 1u + lid; i < n; i += 256u) { s = fma(U[k * n + i], Z[zo + i], s); }
    red[lid] = s;
    workgroupBarrier();
    for (var t = 128u; t > 0u; t >>= 1u) {
      if (lid < t) { red[lid] += red[lid + t]; }
      workgroupBarrier();
    }
    let r = red[0];
    workgroupBarrier();
    for (var i = k + 1u + lid; i < n; i += 256u) { Z[zo + i] = Z[zo + i] - r * U[k * n + i]; }
    // The next reflector's dot product reads entries another thread just wrote (its range
    // starts one lower, so thread 0 reads what thread 255 wrote once n > 256).
    storageBarrier();
  }
}
