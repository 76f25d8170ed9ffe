/**
 * Large symmetric eigenproblems on the GPU: Householder tridiagonalisation in float32 on the
 * device (tridiag.wgsl, four kernels per step, O(n²) memory traffic per step), the tridiagonal
 * problem in float64 on the CPU (QL + inverse iteration, O(n²)), and the back-transformation of
 * the wanted eigenvectors on the device (backtransform.wgsl, one dispatch).
 */
import { NnspectraError, throwIfAborted } from '../../errors.js';
import { bindBuffers, computePipeline, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../../gpu/buffers.js';
import type { GpuContext } from '../../gpu/device.js';
import type { RunOptions } from '../../progress.js';
import { tridiagonalEigen } from '../cpu/tridiag-eigen.js';

export interface GpuEig {
  values: Float64Array;
  /** Rows = eigenvectors of the `wanted` eigenvalues. */
  vectorRows?: Float32Array;
}

/** Steps encoded per command buffer: progress and cancellation are checked between them. */
const STEPS_PER_SUBMIT = 128;

export async function eighTridiagGpu(
  ctx: GpuContext,
  a: Float32Array,
  n: number,
  wanted: 'none' | 'all' | number[],
  run: RunOptions = {},
): Promise<GpuEig> {
  const { device } = ctx;
  if (n < 3) throw new NnspectraError('GPU', 'eighTridiagGpu needs n >= 3');
  return withGpuErrors(device, 'eigh (webgpu)', async () => {
    const A = storageBuffer(device, a, 'eigh A');
    const U = storageBuffer(device, (n - 2) * n * 4, 'eigh reflectors');
    const PW = storageBuffer(device, 2 * n * 4, 'eigh p,w');
    const DE = storageBuffer(device, 2 * n * 4, 'eigh d,e');
    const S = storageBuffer(device, Uint32Array.of(0, 0, n, 0), 'eigh state');
    const names = ['house', 'symv', 'wvec', 'rank2', 'finish'] as const;
    const pipes = await Promise.all(names.map((e) => computePipeline(device, 'linalg/tridiag.wgsl', {}, e)));
    const groups = pipes.map((p, i) => {
      // 'auto' layouts only list the bindings an entry point uses.
      const used = [[0, 1, 3, 4], [0, 1, 2, 4], [1, 2, 4], [0, 1, 2, 4], [0, 3, 4]][i];
      const bufs = [A, U, PW, DE, S];
      return device.createBindGroup({
        layout: p.getBindGroupLayout(0),
        entries: used.map((b) => ({ binding: b, resource: { buffer: bufs[b] } })),
      });
    });
    const steps = n - 2;
    for (let k0 = 0; k0 < steps; k0 += STEPS_PER_SUBMIT) {
      throwIfAborted(run.signal);
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let k = k0; k < Math.min(steps, k0 + STEPS_PER_SUBMIT); k++) {
        const rest = n - k - 1;
        pass.setPipeline(pipes[0]);
        pass.setBindGroup(0, groups[0]);
        pass.dispatchWorkgroups(1);
        pass.setPipeline(pipes[1]);
        pass.setBindGroup(0, groups[1]);
        pass.dispatchWorkgroups(Math.min(rest, 65535), Math.ceil(rest / 65535));
        pass.setPipeline(pipes[2]);
        pass.setBindGroup(0, groups[2]);
        pass.dispatchWorkgroups(1);
        pass.setPipeline(pipes[3]);
        pass.setBindGroup(0, groups[3]);
        pass.dispatchWorkgroups(Math.ceil(rest / 16), Math.ceil(rest / 16));
      }
      if (k0 + STEPS_PER_SUBMIT >= steps) {
        pass.setPipeline(pipes[4]);
        pass.setBindGroup(0, groups[4]);
        pass.dispatchWorkgroups(1);
      }
      pass.end();
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
      run.onProgress?.({ phase: 'tridiagonalise', done: Math.min(steps, k0 + STEPS_PER_SUBMIT), total: steps });
    }
    const de = await readF32(device, DE, 2 * n);
    A.destroy();
    PW.destroy();
    DE.destroy();
    S.destroy();
    const d = Float64Array.from(de.subarray(0, n));
    const e = Float64Array.from(de.subarray(n, 2 * n - 1));
    const te = tridiagonalEigen(d, e, wanted);
    if (wanted === 'none') {
      U.destroy();
      return { values: te.values };
    }
    const count = te.vectorRows!.length / n;
    const Z = storageBuffer(device, Float32Array.from(te.vectorRows!), 'eigh Z');
    const dims = uniformBuffer(device, Uint32Array.of(n, count, 0, 0), 'backtransform dims');
    const bt = await computePipeline(device, 'linalg/backtransform.wgsl');
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(bt);
    pass.setBindGroup(0, bindBuffers(device, bt, [U, Z, dims]));
    pass.dispatchWorkgroups(Math.min(count, 65535), Math.ceil(count / 65535));
    pass.end();
    device.queue.submit([enc.finish()]);
    const rows = await readF32(device, Z, count * n);
    U.destroy();
    Z.destroy();
    dims.destroy();
    return { values: te.values, vectorRows: rows };
  });
}
