/** Batched small symmetric eigenproblems on the GPU: jacobi-batched.wgsl, one workgroup each. */
import { bindBuffers, computePipeline, encodeDispatch, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../../gpu/buffers.js';
import type { GpuContext } from '../../gpu/device.js';

/** Largest size the batched kernel accepts (its matrix lives in 16 KiB of workgroup memory). */
export const JACOBI_MAX_N = 64;

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
