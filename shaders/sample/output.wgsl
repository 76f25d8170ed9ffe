// Output row of a batch of networks: field[k, p0 + p] = Σ_c w[k, c] X[k, c, p] + b[k], written
// into a [count × ystride] field buffer at column offset p0 (point chunks land in place).
struct Params {
  cols: u32,
  npts: u32,
  ystride: u32,
  p0: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> X: array<f32>;
@group(0) @binding(4) var<storage, read_write> Y: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let p = g.x;
  let k = g.y;
  if (p >= P.npts) {
    return;
  }
  let xb = k * P.cols * P.npts + p;
  let wb = k * P.cols;
  var s = 0.0;
  for (var c = 0u; c < P.cols; c++) {
    s = s + W[wb + c] * X[xb + c * P.npts];
  }
  Y[k * P.ystride + P.p0 + p] = s + B[k];
}
