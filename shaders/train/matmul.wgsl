// C = alpha · op(A) · op(B) for the training step; op is the identity or a transpose
// (TRANS_A / TRANS_B), so one kernel serves the forward pass (X Wᵀ), the weight gradient
// (dZᵀ A) and the back-propagated signal (dZ W). Epilogues fuse the activation (EPI_ACT:
// D = act(C)) or its derivative (EPI_DERIV: C *= act'(Zp)) so no extra pass touches memory.
// CPU twin: src/train/dense.ts + src/train/model.ts.
{{ACTIVATION}}

struct Dims {
  m: u32,
  n: u32,
  k: u32,
  alpha: f32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
#if EPI_ACT
@group(0) @binding(4) var<storage, read_write> D: array<f32>;
#endif
#if EPI_DERIV
@group(0) @binding(4) var<storage, read> Zp: array<f32>;
#endif

const TILE: u32 = 16u;
var<workgroup> As: array<array<f32, 16>, 16>;
var<workgroup> Bs: array<array<f32, 16>, 16>;

fn a_at(i: u32, p: u32) -> f32 {
  if (i >= dims.m || p >= dims.k) { return 0.0; }
#if TRANS_A
  return A[p * dims.m + i];
#else
  return A[i * dims.k + p];
#endif
}

fn b_at(p: u32, j: u32) -> f32 {
  if (p >= dims.k || j >= dims.n) { return 0.0; }
#if TRANS_B
  return B[j * dims.k + p];
#else
  return B[p * dims.n + j];
#endif
}

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  var acc = 0.0;
  let tiles = (dims.k + TILE - 1u) / TILE;
  for (var t = 0u; t < tiles; t++) {
    As[lid.y][lid.x] = a_at(row, t * TILE + lid.x);
    Bs[lid.y][lid.x] = b_at(t * TILE + lid.y, col);
    workgroupBarrier();
    for (var p = 0u; p < TILE; p++) {
      acc += As[lid.y][p] * Bs[p][lid.x];
    }
    workgroupBarrier();
  }
  if (row < dims.m && col < dims.n) {
    let idx = row * dims.n + col;
    var v = dims.alpha * acc;
#if EPI_DERIV
    v *= act_deriv(Zp[idx]);
#endif
    C[idx] = v;
#if EPI_ACT
    D[idx] = act(v);
#endif
  }
}
