// Elementwise maps y = f(x) over a flat array, one thread per element (2-D grid for large
// arrays). f is chosen by defines; AFFINE computes scale·x + shift.
struct Params { count: u32, _a: u32, scale: f32, shift: f32 }

@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<uniform> P: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * 65535u * 256u;
  if (i >= P.count) { return; }
  let x = X[i];
#if ABS
  Y[i] = abs(x);
#elif SQUARE
  Y[i] = x * x;
#elif SQRT
  Y[i] = sqrt(x);
#elif LOG
  Y[i] = log(x);
#elif EXP
  Y[i] = exp(x);
#elif RELU
  Y[i] = max(x, 0.0);
#else
  Y[i] = fma(P.scale, x, P.shift);
#endif
}
