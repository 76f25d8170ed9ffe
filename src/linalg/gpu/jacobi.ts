/** Batched small symmetric eigenproblems on the GPU: jacobi-batched.wgsl, one workgroup each. */
import { bindBuffers, computePipeline, encodeDispatch, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../../gpu/buffers.js';
import type { GpuContext } from '../../gpu/device.js';

/** Largest size the batched kernel is built for (the whole matrix lives in workgroup memory). */
export const JACOBI_MAX_N = 64;

/**
 * Workgroup memory jacobi-batched.wgsl declares for padded size np (even): the matrix, per pair
 * (c, s, tau) as vec3f (16-byte stride) and (p, q), two diagonals, a 64-wide reduction and two
 * flags. Keep in step with the shader's `var<workgroup>` declarations.
 */
export const jacobiWorkgroupBytes = (np: number): number => 4 * np * np + (16 + 8) * (np / 2) + 2 * 4 * np + 4 * 64 + 8;

/**
 * Largest n the batched Jacobi kernel can take on this device: n = 64 needs ~17.5 KiB, above
 * WebGPU's default 16 KiB, so a device created with default limits (a page's own, adopted with
 * setDevice) stops at 60 and larger problems take the tridiagonal route.
 */
export function jacobiMaxN(ctx: Pick<GpuContext, 'limits'>): number {
  let n = JACOBI_MAX_N;
  while (n > 2 && jacobiWorkgroupBytes(n) > ctx.limits.maxComputeWorkgroupStorageSize) n -= 2;
  return n;
}

export interface BatchedEig {
  /** batch × n, ascending within each matrix. */
  values: Float64Array;
  /** batch × n × n, columns are eigenvectors (matching values). */
  vectors?: Float64Array;
}

export async function eighBatchedGpu(
  ctx: GpuContext,
  a: Float32Array,
  n: number,
  batch: number,
  vectors: boolean,
): Promise<BatchedEig> {
  const { device } = ctx;
  const np = n + (n & 1);
  return withGpuErrors(device, 'eighBatched', async () => {
    const pipe = await computePipeline(device, 'linalg/jacobi-batched.wgsl', { NP: np, NP2: np * np, HALF: np / 2 });
    const IN = storageBuffer(device, a, 'jacobi in');
    const VALS = storageBuffer(device, batch * np * 4, 'jacobi values');
    const VECS = storageBuffer(device, batch * np * np * 4, 'jacobi vectors');
    const D = uniformBuffer(device, Uint32Array.of(n, batch, 30, 0), 'jacobi dims');
    const enc = device.createCommandEncoder();
    const x = Math.min(batch, 65535);
    encodeDispatch(enc, pipe, bindBuffers(device, pipe, [IN, VALS, VECS, D]), x, Math.ceil(batch / 65535));
    device.queue.submit([enc.finish()]);
    const vals = await readF32(device, VALS, batch * np);
    const vecs = vectors ? await readF32(device, VECS, batch * np * np) : null;
    for (const b of [IN, VALS, VECS, D]) b.destroy();
    const values = new Float64Array(batch * n);
    const out = vectors ? new Float64Array(batch * n * n) : undefined;
    const idx: number[] = [];
    for (let b = 0; b < batch; b++) {
      idx.length = 0;
      for (let i = 0; i < n; i++) idx.push(i); // the padded index n (odd n) is dropped here
      idx.sort((p, q) => vals[b * np + p] - vals[b * np + q]);
      for (let j = 0; j < n; j++) {
        const c = idx[j];
        values[b * n + j] = vals[b * np + c];
        if (out && vecs) for (let i = 0; i < n; i++) out[b * n * n + i * n + j] = vecs[b * np * np + i * np + c];
      }
    }
    return { values, vectors: out };
  });
}
