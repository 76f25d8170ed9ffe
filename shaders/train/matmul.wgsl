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

// 64×64 output tile per workgroup of 16×16 threads, 4×4 outputs per thread at a stride of 16
// (conflict-free workgroup reads, coalesced writes), K in slices of 16 staged in workgroup
// memory; global loads are laid out so consecutive threads read consecutive addresses for
// either storage order of A and B.
const TM: u32 = 64u;
const TK: u32 = 16u;
var<workgroup> As: array<f32, 1024>;
var<workgroup> Bs: array<f32, 1024>;

fn load_a(i: u32, p: u32) -> f32 {
  if (i >= dims.m || p >= dims.k) { return 0.0; }
#if TRANS_A
  return A[p * dims.m + i];
#else
  return A[i * dims.k + p];
#endif
}

fn load_b(p: u32, j: u32) -> f32 {
  if (p >= dims.k || j >= dims.n) { return 0.0; }
#if TRANS_B
  return B[j * dims.k + p];
#else
  return B[p * dims.n + j];
#endif
}

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let tid = lid.y * 16u + lid.x;
  let row0 = wid.y * TM;
  let col0 = wid.x * TM;
  var acc: array<f32, 16>;
  for (var t = 0u; t < 16u; t++) { acc[t] = 0.0; }
  let slices = (dims.k + TK - 1u) / TK;
  for (var s = 0u; s < slices; s++) {
    let k0 = s * TK;
    for (var e = 0u; e < 4u; e++) {
      let idx = tid + e * 256u;
#if TRANS_A
      let ak = idx / TM;
      let am = idx % TM;
#else
      let am = idx / TK;
      let ak = idx % TK;
#endif
      As[ak * TM + am] = load_a(row0 + am, k0 + ak);
#if TRANS_B
      let bn = idx / TK;
      let bk = idx % TK;
#else
      let bk = idx / TM;
      let bn = idx % TM;
#endif
      Bs[bk * TM + bn] = load_b(k0 + bk, col0 + bn);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      let a0 = As[kk * TM + lid.y];
      let a1 = As[kk * TM + lid.y + 16u];
      let a2 = As[kk * TM + lid.y + 32u];
      let a3 = As[kk * TM + lid.y + 48u];
      let b = vec4f(Bs[kk * TM + lid.x], Bs[kk * TM + lid.x + 16u], Bs[kk * TM + lid.x + 32u], Bs[kk * TM + lid.x + 48u]);
      for (var j = 0u; j < 4u; j++) {
        acc[j] += a0 * b[j];
        acc[4u + j] += a1 * b[j];
        acc[8u + j] += a2 * b[j];
        acc[12u + j] += a3 * b[j];
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + lid.y + 16u * i;
    if (row >= dims.m) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x + 16u * j;
      if (col >= dims.n) { continue; }
      let idx = row * dims.n + col;
      var v = dims.alpha * acc[i * 4u + j];
#if EPI_DERIV
      v *= act_deriv(Zp[idx]);
#endif
      C[idx] = v;
#if EPI_ACT
      D[idx] = act(v);
#endif
    }
  }
}
