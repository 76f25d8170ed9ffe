// Elementwise x[i] *= mask[i]: keeps a pruned subnetwork's gradient at zero off its mask, so the
// optimizer that follows never moves a pruned weight. CPU twin: the gradient masking in
// CpuEngine.step (src/train/cpu-engine.ts).

struct Params {
  count: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<uniform> prm: Params;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> mask: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= prm.count) { return; }
  x[i] = x[i] * mask[i];
}
