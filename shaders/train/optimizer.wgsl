// One optimizer update per parameter: SGD with momentum (GD when full-batch) and coupled L2
// decay, or Adam (ADAM) with coupled decay / AdamW (ADAM + DECOUPLED) with decoupled decay.
// CPU twin: optimizerStep in src/train/optimizer.ts.

struct Params {
  count: u32,
  lr: f32,
  wd: f32,
  mom: f32,
  b1: f32,
  b2: f32,
  eps: f32,
  bc1: f32,
  bc2: f32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<uniform> prm: Params;
@group(0) @binding(1) var<storage, read_write> theta: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> mbuf: array<f32>;
#if ADAM
@group(0) @binding(4) var<storage, read_write> vbuf: array<f32>;
#endif

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= prm.count) { return; }
  var th = theta[i];
#if DECOUPLED
  let gr = grad[i];
  th -= prm.lr * prm.wd * th;
#else
  let gr = grad[i] + prm.wd * th;
#endif
#if ADAM
  let m = prm.b1 * mbuf[i] + (1.0 - prm.b1) * gr;
  let v = prm.b2 * vbuf[i] + (1.0 - prm.b2) * gr * gr;
  mbuf[i] = m;
  vbuf[i] = v;
  theta[i] = th - prm.lr * (m / prm.bc1) / (sqrt(v / prm.bc2) + prm.eps);
#else
  let m = prm.mom * mbuf[i] + gr;
  mbuf[i] = m;
  theta[i] = th - prm.lr * m;
#endif
}
