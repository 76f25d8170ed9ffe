/**
 * Large symmetric eigenproblems on the GPU: Householder tridiagonalisation in float32 on the
 * device (tridiag.wgsl: two dispatches per step, the trailing block streamed once per step),
 * then either all eigenvalues by bisection on the device (bisect.wgsl, values only) or the
 * tridiagonal problem in float64 on the CPU (QL + inverse iteration, O(n²)) and the
 * back-transformation of the wanted eigenvectors on the device, blocked (compact WY: matrix
 * products per block of reflectors, ./backtransform.ts).
 */
import { NnspectraError, throwIfAborted } from '../../errors.js';
import { bindBuffers, computePipeline, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../../gpu/buffers.js';
import type { GpuContext } from '../../gpu/device.js';
import type { RunOptions } from '../../progress.js';
import { tridiagonalEigen } from '../cpu/tridiag-eigen.js';
import { backTransformBlocked } from './backtransform.js';

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
  // The kernels want max|a| in [1/2, 1] (tridiag.wgsl: plain sums of squares); a power of two
  // scales exactly, and scales back exactly.
  let big = 0;
  for (let i = 0; i < a.length; i++) big = Math.max(big, Math.abs(a[i]));
  const e2 = big > 0 ? Math.ceil(Math.log2(big)) : 0;
  const up = 2 ** e2;
  const down = 2 ** -e2;
  const scaled = e2 === 0 ? a : a.map((x) => x * down);
  return withGpuErrors(device, 'eigh (webgpu)', async () => {
    const A = storageBuffer(device, scaled, 'eigh A');
    const U = storageBuffer(device, (n - 2) * n * 4, 'eigh reflectors');
    const PW = storageBuffer(device, 3 * n * 4, 'eigh p,w,col');
    const DE = storageBuffer(device, 2 * n * 4, 'eigh d,e');
    const S = storageBuffer(device, Uint32Array.of(0, n, 0, 0), 'eigh state');
    const names = ['start', 'step', 'fused'] as const;
    const pipes = await Promise.all(names.map((e) => computePipeline(device, 'linalg/tridiag.wgsl', {}, e)));
    const [start, step, fused] = pipes.map((p, i) => {
      // 'auto' layouts only list the bindings an entry point uses.
      const used = [[0, 2, 4], [0, 1, 2, 3, 4], [0, 1, 2, 4]][i];
      const bufs = [A, U, PW, DE, S];
      const group = device.createBindGroup({
        layout: p.getBindGroupLayout(0),
        entries: used.map((b) => ({ binding: b, resource: { buffer: bufs[b] } })),
      });
      return { pipe: p, group };
    });
    const steps = n - 2;
    for (let k0 = 0; k0 < steps; k0 += STEPS_PER_SUBMIT) {
      throwIfAborted(run.signal);
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      const dispatch = (k: { pipe: GPUComputePipeline; group: GPUBindGroup }, x: number, y = 1) => {
        pass.setPipeline(k.pipe);
        pass.setBindGroup(0, k.group);
        pass.dispatchWorkgroups(x, y);
      };
      if (k0 === 0) dispatch(start, 1);
      for (let h = k0; h < Math.min(steps, k0 + STEPS_PER_SUBMIT); h++) {
        const rows = n - h - 1;
        dispatch(step, 1);
        dispatch(fused, Math.min(rows, 65535), Math.ceil(rows / 65535));
      }
      // Step n-2 only finishes w and reads off the last 2×2 block.
      if (k0 + STEPS_PER_SUBMIT >= steps) dispatch(step, 1);
      pass.end();
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
      run.onProgress?.({ phase: 'tridiagonalise', done: Math.min(steps, k0 + STEPS_PER_SUBMIT), total: steps });
    }
    A.destroy();
    PW.destroy();
    S.destroy();
    if (wanted === 'none') {
      U.destroy();
      const values = (await bisectGpu(device, DE, n)).map((x) => x * up);
      DE.destroy();
      return { values };
    }
    const de = await readF32(device, DE, 2 * n);
    DE.destroy();
    const d = Float64Array.from(de.subarray(0, n), (x) => x * up);
    const e = Float64Array.from(de.subarray(n, 2 * n - 1), (x) => x * up);
    const te = tridiagonalEigen(d, e, wanted);
    const count = te.vectorRows!.length / n;
    const Z = storageBuffer(device, Float32Array.from(te.vectorRows!), 'eigh Z');
    const temps: GPUBuffer[] = [U, Z];
    try {
      await backTransformBlocked(ctx, U, Z, n, count, temps);
      const rows = await readF32(device, Z, count * n);
      return { values: te.values, vectorRows: rows };
    } finally {
      for (const b of temps) b.destroy();
    }
  });
}

/** All eigenvalues (ascending) of the tridiagonal in DE (d, then e) by bisection on the device. */
async function bisectGpu(device: GPUDevice, DE: GPUBuffer, n: number): Promise<Float64Array> {
  const W = storageBuffer(device, n * 4, 'eigh values');
  const dims = uniformBuffer(device, Uint32Array.of(n, 0, 0, 0), 'bisect dims');
  const pipe = await computePipeline(device, 'linalg/bisect.wgsl');
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipe);
  pass.setBindGroup(0, bindBuffers(device, pipe, [DE, W, dims]));
  const groups = Math.ceil(n / 64);
  pass.dispatchWorkgroups(Math.min(groups, 65535), Math.ceil(groups / 65535));
  pass.end();
  device.queue.submit([enc.finish()]);
  const w = await readF32(device, W, n);
  W.destroy();
  dims.destroy();
  // Each thread's search is independent: rounding can leave neighbours out of order by an ulp.
  return Float64Array.from(w).sort();
}
