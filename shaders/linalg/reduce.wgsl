// Row or column reductions of a row-major m×n matrix. ROWS: one 64-thread workgroup per row
// (contiguous reads, tree reduction); otherwise one thread per column walking down the rows
// (consecutive threads read consecutive addresses). The operation is chosen by defines.
struct Dims { m: u32, n: u32, _a: u32, _b: u32 }

@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(2) var<uniform> D: Dims;

var<workgroup> red: array<f32, 64>;

fn lift(x: f32) -> f32 {
#if SQUARE
  return x * x;
#elif ABS
  return abs(x);
#else
  return x;
#endif
}

fn combine(a: f32, b: f32) -> f32 {
#if MAX
  return max(a, b);
#elif MIN
  return min(a, b);
#else
  return a + b;
#endif
}

fn finish(x: f32, count: u32) -> f32 {
#if MEAN
  return x / f32(count);
#elif SQRT
  return sqrt(x);
#else
  return x;
#endif
}

@compute @workgroup_size(64)
fn rows(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let i = wid.x + wid.y * 65535u;
  let valid = i < D.m;
  var acc = {{INIT}};
  if (valid) {
    for (var j = lid; j < D.n; j += 64u) { acc = combine(acc, lift(A[i * D.n + j])); }
  }
  red[lid] = acc;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] = combine(red[lid], red[lid + s]); }
    workgroupBarrier();
  }
  if (lid == 0u && valid) { OUT[i] = finish(red[0], D.n); }
}

@compute @workgroup_size(64)
fn cols(@builtin(global_invocation_id) gid: vec3u) {
  let j = gid.x;
  if (j >= D.n) { return; }
  var acc = {{INIT}};
  for (var i = 0u; i < D.m; i++) { acc = combine(acc, lift(A[i * D.n + j])); }
  OUT[j] = finish(acc, D.m);
}
