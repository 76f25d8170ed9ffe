// Shared by the fused layer kernels (shaders/sample/layer*.wgsl), Y[k] = act(W[k] X[k] + b[k]):
// their parameters, bindings and the epilogue of a vec4 accumulator (bias, activation when
// ACT, store of the points inside npts). The including kernel defines `act`.
struct Params {
  rows: u32,
  cols: u32,
  npts: u32,
  xstride: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> X: array<f32>;
@group(0) @binding(4) var<storage, read_write> Y: array<f32>;

// Row r of network k, points p..p+3.
fn store4(k: u32, r: u32, p: u32, acc: vec4f) {
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

// Points p..p+3 of X row `base` (zeros past npts).
fn load_x4(base: u32, p: u32) -> vec4f {
  if (p + 3u < P.npts) {
    return vec4f(X[base], X[base + 1u], X[base + 2u], X[base + 3u]);
  }
  var v = vec4f(0.0);
  for (var t = 0u; t < 4u; t++) {
    if (p + t < P.npts) {
      v[t] = X[base + t];
    }
  }
  return v;
}
