/**
 * Random-network fields on the GPU: per chunk of networks, each layer's weights are drawn into
 * a transient scratch buffer (gen-weights.wgsl) and consumed at once by the fused
 * matmul + bias + activation kernel (layer.wgsl); the output row writes the field buffer.
 * Chunks over networks and points are sized from the device limits and a memory cap; every
 * field value is the same f32 computation whatever the chunking (tested).
 */
import { NnspectraError, throwIfAborted } from '../errors.js';
import { activationWgsl } from '../gpu/activation-wgsl.js';
import { bindBuffers, computePipeline, encodeDispatch, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/device.js';
import { bindingBudget, formatBytes } from '../gpu/limits.js';
import type { ActivationSpec } from '../theory/activation-spec.js';
import { layerShapes, type NetworkShape } from './network.js';

/** Tiling of layer.wgsl: a 16×16 workgroup computes (16·tm) × (16·tn) outputs in bk-wide slabs. */
export interface LayerTile {
  tm: number;
  tn: number;
  bk: number;
}
export const DEFAULT_TILE: LayerTile = { tm: 4, tn: 4, bk: 8 };

/**
 * 'tiled': workgroup-memory kernels (GPUs). 'direct': no workgroup memory or barriers, for CPU
 * implementations of WebGPU such as SwiftShader, where barriers dominate. 'auto' (default)
 * picks 'direct' on software adapters.
 */
export type LayerKernel = 'auto' | 'tiled' | 'direct';

export interface GpuChunkOptions {
  /** Upper bound on networks per chunk (tests force small chunks with it). */
  maxNetworksPerChunk?: number;
  /** Upper bound on points per chunk. */
  maxPointsPerChunk?: number;
  /** Cap on the GPU memory of one chunk's buffers, bytes (default 512 MiB). */
  memoryCapBytes?: number;
  tile?: LayerTile;
  kernel?: LayerKernel;
  /** Further GPU bytes each network of a chunk needs downstream (e.g. SHT scratch). */
  extraBytesPerNetwork?: number;
  /** The largest single downstream buffer per network, bytes (kept within one binding). */
  extraBindingBytesPerNetwork?: number;
  /** Refuse to split the points (the consumer needs whole fields of the hidden units). */
  wholePoints?: boolean;
  /**
   * Every network at its own antipodal design (antipodalSpherePoints), drawn on the GPU; the
   * `points` argument then only gives M and d (network net0's design, say).
   */
  networkPoints?: boolean;
}

export interface FieldChunkPlan {
  networksPerChunk: number;
  pointsPerChunk: number;
  bytesPerChunk: number;
}

export const DEFAULT_MEMORY_CAP = 512 * 2 ** 20;

/** Chunk sizes for `count` networks at M points: every buffer within the binding limit and the cap. */
export function planFieldChunks(
  net: NetworkShape,
  M: number,
  count: number,
  limits: Pick<GPUSupportedLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize' | 'maxComputeWorkgroupsPerDimension'>,
  opts: GpuChunkOptions = {},
): FieldChunkPlan {
  const n = net.width;
  const cap = opts.memoryCapBytes ?? DEFAULT_MEMORY_CAP;
  const budget = bindingBudget(limits, cap);
  const maxDim = limits.maxComputeWorkgroupsPerDimension;
  const wcols = Math.max(n, net.dim);
  // The fixed per-network cost: weight scratch, bias and one field row.
  const fixed = 4 * (n * wcols + n + M) + (opts.extraBytesPerNetwork ?? 0);
  if (fixed > budget || 4 * M > budget)
    throw new NnspectraError(
      'INVALID_PARAMETER',
      `width must be small enough for the device: one network needs ${formatBytes(fixed)} of GPU buffers, above the limit of ${formatBytes(budget)}`,
      'width',
    );
  let Mc = Math.min(M, opts.maxPointsPerChunk ?? M, Math.floor(budget / (4 * n)), (maxDim - 1) * 64);
  // Two activation buffers per network at Mc points must also fit under the cap.
  Mc = Math.min(Mc, Math.floor((cap - fixed) / (8 * n)));
  if (Mc < 1)
    throw new NnspectraError('INVALID_PARAMETER', `width must be smaller: one network at one point needs ${formatBytes(fixed + 8 * n)}, above the cap of ${formatBytes(cap)}`, 'width');
  if (opts.wholePoints && Mc < M)
    throw new NnspectraError(
      'INVALID_PARAMETER',
      `estimator must be field at this size: the conditional estimator needs the width × points hidden layer (${formatBytes(4 * n * M)}) in one buffer, above the limit of ${formatBytes(Math.min(budget, (cap - fixed) / 2))}`,
      'estimator',
    );
  // Networks with their own points also hold a [dim × Mc] input block each.
  const per = fixed + 8 * n * Mc + (opts.networkPoints ? 4 * net.dim * Mc : 0);
  const kc = Math.max(
    1,
    Math.min(
      count,
      opts.maxNetworksPerChunk ?? count,
      Math.floor(budget / (4 * Math.max(n, opts.networkPoints ? net.dim : 0) * Mc)),
      Math.floor(budget / (4 * n * wcols)),
      Math.floor(budget / (4 * M)),
      Math.floor(cap / per),
      Math.floor(budget / Math.max(1, opts.extraBindingBytesPerNetwork ?? 0)),
      maxDim,
    ),
  );
  return { networksPerChunk: kc, pointsPerChunk: Mc, bytesPerChunk: kc * per };
}

export interface FieldChunk {
  /** Field values of `count` networks, [count × M] f32, valid until the callback returns. */
  buffer: GPUBuffer;
  /**
   * φ(h_L), the last hidden layer's outputs, [count × width × M] f32, when the points were not
   * split into chunks (else null).
   */
  features: GPUBuffer | null;
  net0: number;
  count: number;
}

/**
 * Evaluates networks net0 … net0+count-1 at `points` ([M × dim] row-major) chunk by chunk,
 * handing each chunk's field buffer to `consume` (which may run more GPU work on it).
 */
export async function forEachFieldChunk(
  ctx: GpuContext,
  net: NetworkShape,
  spec: ActivationSpec,
  points: Float64Array,
  net0: number,
  count: number,
  consume: (chunk: FieldChunk) => Promise<void>,
  opts: GpuChunkOptions & { signal?: AbortSignal } = {},
): Promise<FieldChunkPlan> {
  const { device } = ctx;
  const d = net.dim;
  const n = net.width;
  const M = points.length / d;
  const plan = planFieldChunks(net, M, count, device.limits, opts);
  const { networksPerChunk: KC, pointsPerChunk: MC } = plan;
  const tile = opts.tile ?? DEFAULT_TILE;
  const layers = layerShapes(net);
  const wcols = Math.max(n, d);
  const act = activationWgsl(spec);
  await withGpuErrors(device, 'network sampling', async () => {
    const genP = await computePipeline(device, 'sample/gen-weights.wgsl', {});
    const direct = opts.kernel === 'direct' || ((opts.kernel ?? 'auto') === 'auto' && ctx.adapter.software && !opts.tile);
    // 4×4 and 8×8 blocks have hand-unrolled kernels (vec4 accumulators); other tiles the generic one.
    const unrolled = tile.tm === tile.tn && (tile.tm === 4 || tile.tm === 8) ? `sample/layer${tile.tm}x${tile.tm}.wgsl` : null;
    const layerP = direct
      ? await computePipeline(device, 'sample/layer-direct.wgsl', { ACTIVATION: act, ACT: true })
      : unrolled
        ? await computePipeline(device, unrolled, { ACTIVATION: act, ACT: true, BK: tile.bk })
        : await computePipeline(device, 'sample/layer.wgsl', { ACTIVATION: act, ACT: true, TM: tile.tm, TN: tile.tn, BK: tile.bk });
    const blockRows = direct ? 16 : 16 * tile.tm;
    const blockPts = direct ? 64 : 16 * tile.tn;
    const outP = await computePipeline(device, 'sample/output.wgsl', {});
    const wBuf = storageBuffer(device, 4 * KC * n * wcols, 'weights-scratch');
    const bBuf = storageBuffer(device, 4 * KC * n, 'bias-scratch');
    let hA = storageBuffer(device, 4 * KC * n * MC, 'h-a');
    let hB = storageBuffer(device, 4 * KC * n * MC, 'h-b');
    const field = storageBuffer(device, 4 * KC * M, 'fields');
    const xBufs: GPUBuffer[] = [];
    const xStarts: number[] = [];
    const own = opts.networkPoints === true;
    const ptsP = own ? await computePipeline(device, 'sample/gen-points.wgsl', {}) : null;
    for (let p0 = 0; p0 < M; p0 += MC) {
      const mc = Math.min(MC, M - p0);
      // Inputs transposed to [dim × mc]: the layer kernel reads rows of X.
      if (own) xBufs.push(storageBuffer(device, 4 * KC * d * mc, 'points'));
      else {
        const xt = new Float32Array(d * mc);
        for (let p = 0; p < mc; p++) for (let c = 0; c < d; c++) xt[c * mc + p] = points[(p0 + p) * d + c];
        xBufs.push(storageBuffer(device, xt, 'points'));
      }
      xStarts.push(p0);
    }
    const seed = net.seed >>> 0;
    try {
      for (let k0 = 0; k0 < count; k0 += KC) {
        throwIfAborted(opts.signal);
        const kc = Math.min(KC, count - k0);
        const uniforms: GPUBuffer[] = [];
        const uni = (data: ArrayBuffer) => {
          const b = uniformBuffer(device, new Uint8Array(data));
          uniforms.push(b);
          return b;
        };
        const genParams = (layer: number) => {
          const L = layers[layer];
          const buf = new ArrayBuffer(32);
          new Uint32Array(buf, 0, 6).set([L.rows, L.cols, layer, net0 + k0, seed, kc]);
          new Float32Array(buf, 24, 2).set([L.wstd, L.bstd]);
          return uni(buf);
        };
        for (let pc = 0; pc < xBufs.length; pc++) {
          const p0 = xStarts[pc];
          const mc = Math.min(MC, M - p0);
          const enc = device.createCommandEncoder();
          if (ptsP) {
            const params = uni(new Uint32Array([d, M >> 1, p0, mc, net0 + k0, seed, kc, 0]).buffer);
            encodeDispatch(enc, ptsP, bindBuffers(device, ptsP, [params, xBufs[pc]]), Math.ceil(mc / 64), kc);
          }
          for (let l = 0; l < layers.length; l++) {
            const L = layers[l];
            // Weights do not depend on the point chunk; regenerating them per point chunk keeps
            // the scratch buffer one layer deep and costs little next to the matmul.
            encodeDispatch(enc, genP, bindBuffers(device, genP, [genParams(l), wBuf, bBuf]), Math.ceil(Math.ceil(L.cols / 4) / 64), L.rows, kc);
            if (l < layers.length - 1) {
              const src = l === 0 ? xBufs[pc] : hA;
              const params = uni(new Uint32Array([L.rows, L.cols, mc, l === 0 ? (own ? d * mc : 0) : n * mc]).buffer);
              encodeDispatch(
                enc,
                layerP,
                bindBuffers(device, layerP, [params, wBuf, bBuf, src, hB]),
                Math.ceil(mc / blockPts),
                Math.ceil(L.rows / blockRows),
                kc,
              );
              [hA, hB] = [hB, hA];
            } else {
              const params = uni(new Uint32Array([L.cols, mc, M, p0]).buffer);
              encodeDispatch(enc, outP, bindBuffers(device, outP, [params, wBuf, bBuf, hA, field]), Math.ceil(mc / 64), kc);
            }
          }
          device.queue.submit([enc.finish()]);
        }
        await consume({ buffer: field, features: MC === M ? hA : null, net0: net0 + k0, count: kc });
        for (const u of uniforms) u.destroy();
      }
    } finally {
      for (const b of [wBuf, bBuf, hA, hB, field, ...xBufs]) b.destroy();
    }
  });
  return plan;
}

/** Field values [count × M] (f32) of networks net0 … net0+count-1. */
export async function fieldsGpu(
  ctx: GpuContext,
  net: NetworkShape,
  spec: ActivationSpec,
  points: Float64Array,
  net0: number,
  count: number,
  opts: GpuChunkOptions & { signal?: AbortSignal; onNetwork?: (done: number) => void } = {},
): Promise<Float32Array> {
  const M = points.length / net.dim;
  const out = new Float32Array(count * M);
  await forEachFieldChunk(
    ctx,
    net,
    spec,
    points,
    net0,
    count,
    async (c) => {
      out.set(await readF32(ctx.device, c.buffer, c.count * M), (c.net0 - net0) * M);
      opts.onNetwork?.(c.net0 - net0 + c.count);
    },
    opts,
  );
  return out;
}
