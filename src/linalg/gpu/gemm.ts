/** GPU matrix products (float32): the gemm.wgsl kernel, batched over dispatch z. */
import { bindBuffers, computePipeline, encodeDispatch, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../../gpu/buffers.js';
import type { GpuContext } from '../../gpu/device.js';

export interface GemmShape {
  m: number;
  n: number;
  k: number;
  batch: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  /** B shared by every batch entry. */
  broadcastB: boolean;
}

/** Encodes C = alpha·op(A)·op(B) + beta·C on buffers already on the device. */
export async function encodeGemm(
  ctx: GpuContext,
  enc: GPUCommandEncoder,
  a: GPUBuffer,
  b: GPUBuffer,
  c: GPUBuffer,
  s: GemmShape,
): Promise<GPUBuffer> {
  const { device } = ctx;
  const pipe = await computePipeline(device, 'linalg/gemm.wgsl', { TRANS_A: s.transA, TRANS_B: s.transB });
  const params = new ArrayBuffer(48);
  const u = new Uint32Array(params);
  const f = new Float32Array(params);
  u[0] = s.m; u[1] = s.n; u[2] = s.k;
  u[4] = s.m * s.k; u[5] = s.broadcastB ? 0 : s.k * s.n; u[6] = s.m * s.n;
  f[8] = s.alpha; f[9] = s.beta;
  const ub = uniformBuffer(device, new Uint8Array(params), 'gemm params');
  encodeDispatch(enc, pipe, bindBuffers(device, pipe, [a, b, c, ub]), Math.ceil(s.n / 64), Math.ceil(s.m / 64), s.batch);
  return ub;
}

/** Uploads, multiplies, reads back. */
export async function gemmGpu(
  ctx: GpuContext,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array | null,
  s: GemmShape,
): Promise<Float32Array> {
  const { device } = ctx;
  return withGpuErrors(device, 'gemm', async () => {
    const A = storageBuffer(device, a, 'gemm A');
    const B = storageBuffer(device, b, 'gemm B');
    const C = storageBuffer(device, c ?? s.batch * s.m * s.n * 4, 'gemm C');
    const enc = device.createCommandEncoder();
    const ub = await encodeGemm(ctx, enc, A, B, C, s);
    device.queue.submit([enc.finish()]);
    const out = await readF32(device, C, s.batch * s.m * s.n);
    for (const x of [A, B, C, ub]) x.destroy();
    return out;
  });
}
