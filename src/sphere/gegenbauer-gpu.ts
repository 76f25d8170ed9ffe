/**
 * The Gegenbauer estimator (./gegenbauer-estimator.ts is the float64 twin) on the GPU: the
 * O(M² lmax) pair sum runs in shaders/sht/gegenbauer-pairs.wgsl, per-block partial sums come
 * back and are added in float64. f32 pair terms carry ~1e-7 relative rounding, far below the
 * estimator's own Monte Carlo noise (~1/M).
 */
import { NnspectraError, throwIfAborted } from '../errors.js';
import { bindBuffers, computePipeline, encodeDispatch, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/device.js';
import { antipodalParts, combineParityPowers, meanSquares } from './gegenbauer-estimator.js';
import { gegenbauerRecurrence, harmonicDimension } from './gegenbauer.js';

const BLOCK = 8;

/** Networks per dispatch such that the kernel's workgroup memory fits the device. */
function countPerDispatch(ctx: GpuContext, L1: number): number {
  const budget = ctx.limits.maxComputeWorkgroupStorageSize - 4 * 64 * L1;
  const c = Math.floor(budget / (4 * 2 * BLOCK));
  if (c < 1)
    throw new NnspectraError('INVALID_PARAMETER', `lmax must be at most ${Math.floor(ctx.limits.maxComputeWorkgroupStorageSize / 256) - 2} for the GPU Gegenbauer estimator on this device (got ${L1 - 1})`, 'lmax');
  return Math.min(16, c);
}

/**
 * b̂_ℓ [count × (lmax+1)] and mean squares of `count` fields (rows of `fields`, [count × M])
 * at `points` ([M × d]), as {@link gegenbauerPower} computes them.
 */
export async function gegenbauerPowerGpu(
  ctx: GpuContext,
  points: Float64Array,
  d: number,
  fields: ArrayLike<number>,
  count: number,
  lmax: number,
  signal?: AbortSignal,
): Promise<{ b: Float64Array; meanSquare: Float64Array }> {
  const { device } = ctx;
  const M = points.length / d;
  const L1 = lmax + 1;
  const nblocks = Math.ceil(M / BLOCK);
  const per = countPerDispatch(ctx, L1);
  const b = new Float64Array(count * L1);
  const meanSquare = new Float64Array(count);
  const pipeline = await computePipeline(device, 'sht/gegenbauer-pairs.wgsl', { L1, COUNT: per });
  const pts = storageBuffer(device, Float32Array.from(points), 'gegenbauer points');
  const recBuf = storageBuffer(device, recurrenceF32(d, lmax), 'gegenbauer recurrence');
  try {
    for (let k0 = 0; k0 < count; k0 += per) {
      throwIfAborted(signal);
      const kc = Math.min(per, count - k0);
      const f32 = new Float32Array(kc * M);
      for (let i = 0; i < kc * M; i++) f32[i] = fields[k0 * M + i];
      const partial = await withGpuErrors(device, 'Gegenbauer estimator', async () => {
        const fBuf = storageBuffer(device, f32, 'gegenbauer fields');
        const outBuf = storageBuffer(device, nblocks * per * L1 * 4, 'gegenbauer partial sums');
        const params = uniformBuffer(device, Uint32Array.of(M, d, kc, nblocks, 0, 0, 0, 0));
        const enc = device.createCommandEncoder();
        encodeDispatch(enc, pipeline, bindBuffers(device, pipeline, [params, pts, fBuf, recBuf, outBuf]), nblocks);
        device.queue.submit([enc.finish()]);
        const r = await readF32(device, outBuf, nblocks * per * L1);
        for (const x of [fBuf, outBuf, params]) x.destroy();
        return r;
      });
      for (let k = 0; k < kc; k++) {
        for (let l = 0; l < L1; l++) {
          let s = 0;
          for (let blk = 0; blk < nblocks; blk++) s += partial[(blk * per + k) * L1 + l];
          // Pairs i < j were summed once; the twin's Σ_{i≠j} counts each twice.
          b[(k0 + k) * L1 + l] = (2 * s * harmonicDimension(d, l)) / (M * (M - 1));
        }
        let s2 = 0;
        for (let i = 0; i < M; i++) s2 += fields[(k0 + k) * M + i] ** 2;
        meanSquare[k0 + k] = s2 / M;
      }
    }
  } finally {
    pts.destroy();
    recBuf.destroy();
  }
  return { b, meanSquare };
}

function recurrenceF32(d: number, lmax: number): Float32Array {
  const rec = gegenbauerRecurrence(d, lmax);
  const recF = new Float32Array(2 * (lmax + 1));
  for (let l = 0; l <= lmax; l++) {
    recF[2 * l] = rec.A[l];
    recF[2 * l + 1] = rec.B[l];
  }
  return recF;
}

/**
 * The antipodal estimator (twin: antipodalGegenbauerPower) for `count` fields, each at its own
 * antipodal design: `points` [count × M × d] (network k's design from row k·M), `fields`
 * [count × M]. The parity parts are formed in float64 on the host; one dispatch covers many
 * networks, one workgroup layer (z) per network.
 */
export async function antipodalGegenbauerPowerGpu(
  ctx: GpuContext,
  points: Float64Array,
  d: number,
  fields: ArrayLike<number>,
  count: number,
  lmax: number,
  signal?: AbortSignal,
): Promise<{ b: Float64Array; meanSquare: Float64Array }> {
  const { device } = ctx;
  const M = points.length / (d * count);
  const P = M >> 1;
  const L1 = lmax + 1;
  const nblocks = Math.ceil(P / BLOCK);
  // The kernel holds the Gegenbauer table and both parity parts in workgroup memory.
  if (countPerDispatch(ctx, L1) < 2)
    throw new NnspectraError('INVALID_PARAMETER', `lmax must be smaller for the GPU Gegenbauer estimator on this device (got ${lmax})`, 'lmax');
  const parts = antipodalParts(fields, count, M);
  const bParts = new Float64Array(2 * count * L1);
  const pipeline = await computePipeline(device, 'sht/gegenbauer-pairs.wgsl', { L1, COUNT: 2 });
  const recBuf = storageBuffer(device, recurrenceF32(d, lmax), 'gegenbauer recurrence');
  const perDispatch = Math.max(1, Math.min(ctx.limits.maxComputeWorkgroupsPerDimension, Math.floor(2 ** 24 / Math.max(1, P * d))));
  try {
    for (let k0 = 0; k0 < count; k0 += perDispatch) {
      throwIfAborted(signal);
      const kc = Math.min(perDispatch, count - k0);
      const pts = new Float32Array(kc * P * d);
      for (let k = 0; k < kc; k++) pts.set(points.subarray((k0 + k) * M * d, ((k0 + k) * M + P) * d), k * P * d);
      const partial = await withGpuErrors(device, 'Gegenbauer estimator', async () => {
        const pBuf = storageBuffer(device, pts, 'gegenbauer points');
        const fBuf = storageBuffer(device, Float32Array.from(parts.subarray(2 * k0 * P, 2 * (k0 + kc) * P)), 'gegenbauer parity parts');
        const outBuf = storageBuffer(device, kc * nblocks * 2 * L1 * 4, 'gegenbauer partial sums');
        const params = uniformBuffer(device, Uint32Array.of(P, d, 2, nblocks, P * d, 0, 0, 0));
        const enc = device.createCommandEncoder();
        encodeDispatch(enc, pipeline, bindBuffers(device, pipeline, [params, pBuf, fBuf, recBuf, outBuf]), nblocks, 1, kc);
        device.queue.submit([enc.finish()]);
        const r = await readF32(device, outBuf, kc * nblocks * 2 * L1);
        for (const x of [pBuf, fBuf, outBuf, params]) x.destroy();
        return r;
      });
      for (let k = 0; k < kc; k++)
        for (let part = 0; part < 2; part++)
          for (let l = 0; l < L1; l++) {
            let s = 0;
            for (let blk = 0; blk < nblocks; blk++) s += partial[((k * nblocks + blk) * 2 + part) * L1 + l];
            bParts[(2 * (k0 + k) + part) * L1 + l] = (2 * s * harmonicDimension(d, l)) / (P * (P - 1));
          }
    }
  } finally {
    recBuf.destroy();
  }
  return { b: combineParityPowers(bParts, count, lmax), meanSquare: meanSquares(fields, count, M) };
}
