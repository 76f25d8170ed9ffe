// Real ring transform from the half-length complex FFT Z of each ring (twin: ringForward in
// src/sphere/fft.ts): X_m = E_m + e^{-2πi m/N} O_m with E_m = (Z_m + conj Z_{H-m})/2 and
// O_m = (Z_m - conj Z_{H-m})/2i; F[ring, m] = (Re X_m, -Im X_m) · scale = (Σ f cos mφ, Σ f sin mφ) · 2π/N.
struct Params {
  H: u32,
  mcount: u32,
  rings: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> P: Params;
// e^{-2πi m/N} for m ≤ H, after the H stage twiddles.
@group(0) @binding(1) var<storage, read> tw: array<vec2f>;
@group(0) @binding(2) var<storage, read> Z: array<vec2f>;
@group(0) @binding(3) var<storage, read_write> F: array<vec2f>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) lid: u32) {
  let gi = (wg.y * nw.x + wg.x) * 64u + lid;
  if (gi >= P.mcount * P.rings) {
    return;
  }
  let ring = gi / P.mcount;
  let m = gi % P.mcount;
  let z = Z[ring * P.H + m % P.H];
  let y = Z[ring * P.H + (P.H - m % P.H) % P.H];
  let er = 0.5 * (z.x + y.x);
  let ei = 0.5 * (z.y - y.y);
  let o_r = 0.5 * (z.y + y.y);
  let o_i = -0.5 * (z.x - y.x);
  let c = tw[P.H + m];
  let xr = er + c.x * o_r - c.y * o_i;
  let xi = ei + c.x * o_i + c.y * o_r;
  F[ring * P.mcount + m] = vec2f(xr, -xi) * P.scale;
}
