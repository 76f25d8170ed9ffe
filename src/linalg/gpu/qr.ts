/**
 * Householder QR of a tall matrix on the GPU in float32 (qr.wgsl): unblocked, three kernels per
 * column (reflector, w = tau·vᵀT over the trailing columns, rank-1 update), many columns per
 * command buffer. The reflectors stay on the device so that Q can be applied to vectors there.
 */
import { NnspectraError, throwIfAborted } from '../../errors.js';
import { computePipeline, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../../gpu/buffers.js';
import type { GpuContext } from '../../gpu/device.js';
import { dispatchGrid } from '../../gpu/limits.js';
import type { RunOptions } from '../../progress.js';

/** Columns reduced per command buffer: progress and cancellation are checked between them. */
const STEPS_PER_SUBMIT = 128;
const MAX_GROUPS = 65535;

/** A finished GPU QR: R on the host, the reflectors on the device until {@link GpuQR.destroy}. */
export interface GpuQR {
  p: number;
  r: number;
  /** r×r upper-triangular R, row-major (float32 values). Its diagonal may be negative. */
  R: Float64Array;
  /**
   * Q·[z; 0] for `count` vectors z of length r given as the rows of `z` (count×r): returns the
   * count×p rows Q·[z; 0], computed on the device in float32.
   */
  applyQ(z: Float32Array, count: number): Promise<Float32Array>;
  /** Frees the device buffers (idempotent). */
  destroy(): void;
}

type Entry = 'house' | 'wvec' | 'rank1' | 'extract' | 'applyq';
// 'auto' layouts only list the bindings an entry point uses.
const USED: Record<Entry, number[]> = {
  house: [0, 1, 3, 4],
  wvec: [0, 1, 2, 3, 4],
  rank1: [0, 2, 3, 4],
  extract: [0, 4, 5],
  applyq: [0, 1, 4, 5],
};

/**
 * Householder QR T = Q·R of the tall p×r matrix T (p >= r >= 1), given by columns: `cols` is
 * r×p row-major, row j = column j of T (for a wide row-major A, T = Aᵀ and `cols` is A itself).
 * dlarfg reflectors with a scaled norm, as householderQR in cpu/bidiagonal.ts computes in
 * float64. Costs 2pr² - 2r³/3 flops. Progress phase: 'qr' (columns done of r).
 */
export async function qrGpu(ctx: GpuContext, cols: Float32Array, p: number, r: number, run: RunOptions = {}): Promise<GpuQR> {
  const { device } = ctx;
  if (!(r >= 1 && p >= r)) throw new NnspectraError('GPU', `qrGpu needs p >= r >= 1 (got p = ${p}, r = ${r})`);
  if (cols.length !== p * r) throw new NnspectraError('GPU', `qrGpu: cols holds ${cols.length} numbers, not p·r = ${p * r}`);
  let A: GPUBuffer | undefined, TAU: GPUBuffer | undefined;
  const dims = (count: number) => uniformBuffer(device, Uint32Array.of(p, r, count, 0), 'qr dims');
  const destroy = () => {
    A?.destroy();
    TAU?.destroy();
    A = TAU = undefined;
  };
  const names: Entry[] = ['house', 'wvec', 'rank1', 'extract', 'applyq'];
  const pipes = await Promise.all(names.map((e) => computePipeline(device, 'linalg/qr.wgsl', {}, e)));
  const pipe = (e: Entry) => pipes[names.indexOf(e)];
  const bind = (e: Entry, bufs: Array<GPUBuffer | null>) =>
    device.createBindGroup({
      layout: pipe(e).getBindGroupLayout(0),
      entries: USED[e].map((b) => ({ binding: b, resource: { buffer: bufs[b]! } })),
    });
  const dispatch = (pass: GPUComputePassEncoder, e: Entry, group: GPUBindGroup, x: number, y = 1) => {
    pass.setPipeline(pipe(e));
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(x, y);
  };

  const R = await withGpuErrors(device, 'qr (webgpu)', async () => {
    const a = (A = storageBuffer(device, cols, 'qr A'));
    const tau = (TAU = storageBuffer(device, r * 4, 'qr tau'));
    const W = storageBuffer(device, r * 4, 'qr w');
    const S = storageBuffer(device, Uint32Array.of(0, 0, 0, 0), 'qr state');
    const D = dims(0);
    const bufs = [a, tau, W, S, D, null];
    const g = { house: bind('house', bufs), wvec: bind('wvec', bufs), rank1: bind('rank1', bufs) };
    try {
      for (let k0 = 0; k0 < r; k0 += STEPS_PER_SUBMIT) {
        throwIfAborted(run.signal);
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        for (let k = k0; k < Math.min(r, k0 + STEPS_PER_SUBMIT); k++) {
          dispatch(pass, 'house', g.house, 1);
          const rest = r - k - 1;
          if (rest === 0) continue;
          dispatch(pass, 'wvec', g.wvec, ...dispatchGrid(rest, MAX_GROUPS));
          // rank1 loops over what a capped grid does not cover.
          dispatch(pass, 'rank1', g.rank1, Math.min(Math.ceil((p - k) / 64), MAX_GROUPS), Math.min(Math.ceil(rest / 4), MAX_GROUPS));
        }
        pass.end();
        device.queue.submit([enc.finish()]);
        await device.queue.onSubmittedWorkDone();
        run.onProgress?.({ phase: 'qr', done: Math.min(r, k0 + STEPS_PER_SUBMIT), total: r });
      }
      const OUT = storageBuffer(device, r * r * 4, 'qr R');
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      const side = Math.ceil(r / 16);
      if (side > MAX_GROUPS) throw new NnspectraError('GPU', `qrGpu: r = ${r} is above what one R extraction covers`);
      dispatch(pass, 'extract', bind('extract', [a, null, null, null, D, OUT]), side, side);
      pass.end();
      device.queue.submit([enc.finish()]);
      const out = await readF32(device, OUT, r * r);
      OUT.destroy();
      return Float64Array.from(out);
    } finally {
      for (const b of [W, S, D]) b.destroy();
    }
  }).catch((e: unknown) => {
    destroy();
    throw e;
  });

  const applyQ = (z: Float32Array, count: number): Promise<Float32Array> =>
    withGpuErrors(device, 'qr apply Q (webgpu)', async () => {
      const a = A, tau = TAU;
      if (!a || !tau) throw new NnspectraError('GPU', 'applyQ after destroy()');
      if (z.length !== count * r) throw new NnspectraError('GPU', `applyQ: z holds ${z.length} numbers, not count·r = ${count * r}`);
      if (count === 0) return new Float32Array(0);
      const padded = new Float32Array(count * p);
      for (let v = 0; v < count; v++) padded.set(z.subarray(v * r, (v + 1) * r), v * p);
      const Z = storageBuffer(device, padded, 'qr Z');
      const D = dims(count);
      try {
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        dispatch(pass, 'applyq', bind('applyq', [a, tau, null, null, D, Z]), ...dispatchGrid(count, MAX_GROUPS));
        pass.end();
        device.queue.submit([enc.finish()]);
        return await readF32(device, Z, count * p);
      } finally {
        Z.destroy();
        D.destroy();
      }
    });

  return { p, r, R, applyQ, destroy };
}
