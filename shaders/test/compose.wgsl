// Fixture for the composition unit test (and a GPU smoke test of the Philox twin).
#include "lib/philox.wgsl"
#include "lib/philox.wgsl"

@group(0) @binding(0) var<storage, read_write> out: array<f32>;

@compute @workgroup_size({{N}})
fn main(@builtin(global_invocation_id) g: vec3u) {
#if USE_A
  let a = 1;
#else
  let b = 2;
#endif
  if (g.x < arrayLength(&out)) {
    out[g.x] = normal_at(42u, STREAM_WEIGHTS, g.x, 3u, 5u, 7u);
  }
}
