// One Stockham stage of radix R of a batch of complex FFTs of length n (twin: stage in
// src/sphere/fft.ts): with Ns the product of the radices before it, output q = (b·R + s)·Ns + jr
// of each ring takes Σ_r src[j + r·n/R] · w^{r·(jr·n/(Ns·R) + s·n/R)}, j = b·Ns + jr,
// w = e^{-2πi/n} (conjugated when sgn = -1). One thread per output, all rings in one dispatch;
// the workgroup grid is two-dimensional so that any batch fits the per-dimension limit.
struct Params {
  n: u32,
  R: u32,
  Ns: u32,
  rings: u32,
  sgn: f32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> tw: array<vec2f>;
@group(0) @binding(2) var<storage, read> src: array<vec2f>;
@group(0) @binding(3) var<storage, read_write> dst: array<vec2f>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) lid: u32) {
  let gi = (wg.y * nw.x + wg.x) * 64u + lid;
  if (gi >= P.n * P.rings) {
    return;
  }
  let ring = gi / P.n;
  let q = gi % P.n;
  let jr = q % P.Ns;
  let s = (q / P.Ns) % P.R;
  let b = q / (P.Ns * P.R);
  let stride = P.n / P.R;
  let e0 = jr * (P.n / (P.Ns * P.R)) + s * stride;
  let base = ring * P.n + b * P.Ns + jr;
  var e = 0u;
  var acc = vec2f(0.0);
  for (var r = 0u; r < P.R; r++) {
    let w = tw[e];
    let wi = P.sgn * w.y;
    let x = src[base + r * stride];
    acc = acc + vec2f(x.x * w.x - x.y * wi, x.x * wi + x.y * w.x);
    e = e + e0;
    if (e >= P.n) {
      e = e - P.n;
    }
  }
  dst[ring * P.n + q] = acc;
}
