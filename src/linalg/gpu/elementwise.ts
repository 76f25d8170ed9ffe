/** GPU row/column reductions and elementwise maps (reduce.wgsl, map.wgsl). */
import { computePipeline, readF32, storageBuffer, uniformBuffer, withGpuErrors, bindBuffers, encodeDispatch } from '../../gpu/buffers.js';
import type { GpuContext } from '../../gpu/device.js';
import type { ReduceOp, MapOp } from '../ops.js';

const REDUCE_DEFINES: Record<ReduceOp, Record<string, boolean | string>> = {
  sum: { INIT: '0.0' },
  mean: { INIT: '0.0', MEAN: true },
  sumsq: { INIT: '0.0', SQUARE: true },
  norm: { INIT: '0.0', SQUARE: true, SQRT: true },
  maxabs: { INIT: '0.0', ABS: true, MAX: true },
  min: { INIT: '3.4028234663852886e38', MIN: true },
  max: { INIT: '-3.4028234663852886e38', MAX: true },
};

export async function reduceGpu(ctx: GpuContext, a: Float32Array, m: number, n: number, axis: 'rows' | 'cols', op: ReduceOp): Promise<Float32Array> {
  const { device } = ctx;
  return withGpuErrors(device, 'matrixReduce', async () => {
    const pipe = await computePipeline(device, 'linalg/reduce.wgsl', REDUCE_DEFINES[op], axis);
    const len = axis === 'rows' ? m : n;
    const A = storageBuffer(device, a, 'reduce in');
    const OUT = storageBuffer(device, len * 4, 'reduce out');
    const D = uniformBuffer(device, Uint32Array.of(m, n, 0, 0), 'reduce dims');
    const enc = device.createCommandEncoder();
    if (axis === 'rows') encodeDispatch(enc, pipe, bindBuffers(device, pipe, [A, OUT, D]), Math.min(m, 65535), Math.ceil(m / 65535));
    else encodeDispatch(enc, pipe, bindBuffers(device, pipe, [A, OUT, D]), Math.ceil(n / 64));
    device.queue.submit([enc.finish()]);
    const out = await readF32(device, OUT, len);
    for (const b of [A, OUT, D]) b.destroy();
    return out;
  });
}

export async function mapGpu(ctx: GpuContext, x: Float32Array, op: MapOp, scale: number, shift: number): Promise<Float32Array> {
  const { device } = ctx;
  return withGpuErrors(device, 'elementwise', async () => {
    const defines = { ABS: op === 'abs', SQUARE: op === 'square', SQRT: op === 'sqrt', LOG: op === 'log', EXP: op === 'exp', RELU: op === 'relu' };
    const pipe = await computePipeline(device, 'linalg/map.wgsl', defines);
    const X = storageBuffer(device, x, 'map in');
    const Y = storageBuffer(device, x.length * 4, 'map out');
    const params = new ArrayBuffer(16);
    new Uint32Array(params)[0] = x.length;
    new Float32Array(params).set([scale, shift], 2);
    const P = uniformBuffer(device, new Uint8Array(params), 'map params');
    const groups = Math.ceil(x.length / 256);
    const enc = device.createCommandEncoder();
    encodeDispatch(enc, pipe, bindBuffers(device, pipe, [X, Y, P]), Math.min(groups, 65535), Math.ceil(groups / 65535));
    device.queue.submit([enc.finish()]);
    const out = await readF32(device, Y, x.length);
    for (const b of [X, Y, P]) b.destroy();
    return out;
  });
}
