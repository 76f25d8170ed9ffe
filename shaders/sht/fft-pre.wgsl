// First step of the inverse real ring transform (twin: ringInverse in src/sphere/fft.ts):
// from G[ring, m] = (gc_m, gs_m), m < mcount, the Hermitian spectrum Y_0 = gc_0,
// Y_m = (gc_m - i gs_m)/2, and Z_m = E_m + i O_m with E_m = Y_m + conj Y_{H-m},
// O_m = (Y_m - conj Y_{H-m}) e^{+2πi m/N}; an inverse FFT of Z gives f_{2n} + i f_{2n+1}.
struct Params {
  H: u32,
  mcount: u32,
  rings: u32,
  pad: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> tw: array<vec2f>;
@group(0) @binding(2) var<storage, read> G: array<vec2f>;
@group(0) @binding(3) var<storage, read_write> Z: array<vec2f>;

fn spectrum(ring: u32, m: u32) -> vec2f {
  if (m >= P.mcount) {
    return vec2f(0.0);
  }
  let g = G[ring * P.mcount + m];
  if (m == 0u) {
    return vec2f(g.x, 0.0);
  }
  return vec2f(0.5 * g.x, -0.5 * g.y);
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) lid: u32) {
  let gi = (wg.y * nw.x + wg.x) * 64u + lid;
  if (gi >= P.H * P.rings) {
    return;
  }
  let ring = gi / P.H;
  let m = gi % P.H;
  let a = spectrum(ring, m);
  let b = spectrum(ring, P.H - m);
  let e = vec2f(a.x + b.x, a.y - b.y);
  let d = vec2f(a.x - b.x, a.y + b.y);
  let c = tw[P.H + m];
  // e^{+2πi m/N} = conj(c).
  let o = vec2f(d.x * c.x + d.y * c.y, d.y * c.x - d.x * c.y);
  Z[ring * P.H + m] = vec2f(e.x - o.y, e.y + o.x);
}
