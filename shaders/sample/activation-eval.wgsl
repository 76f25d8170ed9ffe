// Evaluates the activation and its derivative elementwise (tests, plots, the demo).
{{ACTIVATION}}

@group(0) @binding(0) var<storage, read> xs: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let i = g.x + g.y * nw.x * 64u;
  if (i >= arrayLength(&xs)) {
    return;
  }
  out[2u * i] = act(xs[i]);
  out[2u * i + 1u] = act_deriv(xs[i]);
}
