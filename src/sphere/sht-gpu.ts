/**
 * Spherical-harmonic analysis of batches of fields on the GPU (shaders/sht/): ring Fourier
 * transform, Legendre transform, and per-degree power. The twin is ./sht-cpu.ts.
 * The Legendre values either come from a float64-computed table rounded to f32 (split over
 * (ℓ, m) ranges when it exceeds one binding; (lmax+1)²(lmax+2)/2 floats, so only for small
 * lmax) or are made inside the kernel by the ℓ-recursion with extended-range seeds
 * (./legendre-scaled.ts; O(lmax²) memory, any lmax). Inputs stay cached on the device per (grid, lmax).
 */
import { bindBuffers, computePipeline, encodeDispatch, readF32, storageBuffer, uniformBuffer, withGpuErrors } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/device.js';
import { bindingBudget, dispatchGrid, itemsPerChunk } from '../gpu/limits.js';
import type { SphereGrid } from './grid.js';
import { legendreOrders, lmCount, lmIndex, lmPairs } from './legendre.js';
import { ringTrig } from './sht-cpu.js';
import { halfRings, halfRingTable, recurrenceTable, sectoralSeeds } from './legendre-scaled.js';
import { fftPlan, FFT_RATIO_GPU, ringUsesFft } from './fft.js';
import type { RingMode } from './sht-cpu.js';

/** How the Legendre values reach the GPU: a precomputed table, or made in the kernel. */
export type LegendreMode = 'table' | 'fly' | 'auto';

/**
 * Largest lmax for which 'auto' uses the table. Above it the table ((lmax+1)²(lmax+2)/2 floats:
 * 34 MB at 255, 269 MB at 511) costs more to upload and read than the recursion costs to run,
 * and soon passes the binding limits; at and below it the table's plain products are faster.
 */
export const TABLE_MAX_LMAX = 127;

/** The Legendre route 'auto' takes for a grid and lmax. */
export function chooseLegendre(g: SphereGrid, lmax: number, budgetBytes: number, mode: LegendreMode = 'auto'): 'table' | 'fly' {
  if (mode !== 'auto') return mode;
  return lmax <= TABLE_MAX_LMAX && 4 * g.nlat * lmCount(lmax) <= budgetBytes ? 'table' : 'fly';
}

interface RingTables {
  /** (cos, sin)(m φ_i)·2π/nlon, m-major (synthesis: consecutive threads i) … */
  trig: GPUBuffer;
  /** … and i-major (analysis: consecutive threads m). */
  trigT: GPUBuffer;
}

interface FftTables {
  /** e^{-2πi t/H} for t < H (the stages), then e^{-2πi m/nlon} for m ≤ H (the real-ring step). */
  tw: GPUBuffer;
  radices: number[];
}

/** Whether the ring transforms of this grid go through the FFT on the GPU. */
export function gpuRingUsesFft(nlon: number, mcount: number, mode: RingMode = 'auto'): boolean {
  if (nlon % 2 !== 0 || nlon < 4) return false;
  return mode === 'auto' ? ringUsesFft(nlon, mcount, FFT_RATIO_GPU) : mode === 'fft';
}

interface LegendreTables {
  lm: GPUBuffer;
  /** Gauss–Legendre weight of each ring (synthesis divides the analysis table by it). */
  w: GPUBuffer;
  slices: Array<{ idx0: number; nidx: number; buf: GPUBuffer }>;
}

interface FlyTables {
  /** (x, w) of each ring pair's northern ring. */
  ring: GPUBuffer;
  /** Extended-range λ_mm per (m, ring pair). */
  seeds: GPUBuffer;
  /** ℓ-recursion coefficients per (ℓ, m). */
  rec: GPUBuffer;
}

const tableCache = new WeakMap<GPUDevice, Map<string, { buffers: GPUBuffer[]; value: unknown }>>();

function cached<T>(device: GPUDevice, key: string, make: () => { buffers: GPUBuffer[]; value: T }): T {
  let m = tableCache.get(device);
  if (!m) tableCache.set(device, (m = new Map()));
  const hit = m.get(key);
  if (hit) return hit.value as T;
  const v = make();
  m.set(key, v);
  return v.value;
}

/** Bytes of GPU scratch the analysis of one field needs (for chunk planning; FFT rings included). */
export function shtBytesPerField(g: SphereGrid, lmax: number): number {
  return 8 * (g.nlat * (lmax + 1) + lmCount(lmax)) + 4 * (lmax + 1 + g.nlat) + 8 * g.nlat * g.nlon;
}

/** Bytes of the largest single scratch buffer the analysis of one field needs. */
export function shtLargestBufferPerField(g: SphereGrid, lmax: number): number {
  return Math.max(8 * g.nlat * (lmax + 1), 8 * lmCount(lmax), 4 * g.nlat * g.nlon);
}

/** Frees the cached SHT tables of a device. */
export function clearShtTables(device: GPUDevice): void {
  const m = tableCache.get(device);
  if (!m) return;
  for (const t of m.values()) for (const b of t.buffers) b.destroy();
  tableCache.delete(device);
}

function ringTables(device: GPUDevice, g: SphereGrid, lmax: number): RingTables {
  return cached(device, `ring|${g.nlon}|${lmax}`, () => {
    const { nlon } = g;
    const tr = ringTrig(lmax, nlon);
    const dphi = (2 * Math.PI) / nlon;
    const trig = new Float32Array(2 * (lmax + 1) * nlon);
    const trigT = new Float32Array(2 * (lmax + 1) * nlon);
    for (let m = 0; m <= lmax; m++)
      for (let i = 0; i < nlon; i++) {
        const c = tr.cos[m * nlon + i] * dphi;
        const s = tr.sin[m * nlon + i] * dphi;
        trig[2 * (m * nlon + i)] = c;
        trig[2 * (m * nlon + i) + 1] = s;
        trigT[2 * (i * (lmax + 1) + m)] = c;
        trigT[2 * (i * (lmax + 1) + m) + 1] = s;
      }
    const value = { trig: storageBuffer(device, trig, 'sht-trig'), trigT: storageBuffer(device, trigT, 'sht-trig-t') };
    return { buffers: [value.trig, value.trigT], value };
  });
}

function fftTables(device: GPUDevice, nlon: number): FftTables {
  return cached(device, `fft|${nlon}`, () => {
    const H = nlon / 2;
    const plan = fftPlan(H);
    const tw = new Float32Array(2 * (2 * H + 1));
    tw.set(plan.tw);
    for (let m = 0; m <= H; m++) {
      tw[2 * (H + m)] = Math.cos((-2 * Math.PI * m) / nlon);
      tw[2 * (H + m) + 1] = Math.sin((-2 * Math.PI * m) / nlon);
    }
    const value = { tw: storageBuffer(device, tw, 'sht-fft-twiddles'), radices: plan.radices };
    return { buffers: [value.tw], value };
  });
}

/** Encodes work spread over `threads` invocations (64 per workgroup) on a two-dimensional grid. */
function dispatchLinear(device: GPUDevice, enc: GPUCommandEncoder, p: GPUComputePipeline, bg: GPUBindGroup, threads: number): void {
  const [gx, gy] = dispatchGrid(Math.ceil(threads / 64), device.limits.maxComputeWorkgroupsPerDimension);
  encodeDispatch(enc, p, bg, gx, gy);
}

/**
 * Encodes the FFT stages over `rings` rings of H complex values from `src`; returns the buffer
 * holding the result (`last` if given, else one of the scratch buffers it allocates into `temps`).
 */
async function encodeFftStages(
  device: GPUDevice, enc: GPUCommandEncoder, T: FftTables, H: number, rings: number, src: GPUBuffer, inverse: boolean,
  temps: GPUBuffer[], last?: GPUBuffer,
): Promise<GPUBuffer> {
  const stageP = await computePipeline(device, 'sht/fft-stage.wgsl');
  const scratch: GPUBuffer[] = [];
  let Ns = 1;
  T.radices.forEach((R, i) => {
    let dst = last && i === T.radices.length - 1 ? last : scratch[i % 2];
    if (!dst) {
      dst = scratch[i % 2] = storageBuffer(device, 8 * H * rings, 'sht-fft-scratch');
      temps.push(dst);
    }
    const u = new ArrayBuffer(32);
    new Uint32Array(u, 0, 4).set([H, R, Ns, rings]);
    new Float32Array(u, 16, 1).set([inverse ? -1 : 1]);
    const ub = uniformBuffer(device, new Uint8Array(u));
    temps.push(ub);
    dispatchLinear(device, enc, stageP, bindBuffers(device, stageP, [ub, T.tw, src, dst]), H * rings);
    src = dst;
    Ns *= R;
  });
  return src;
}

function legendreTables(device: GPUDevice, g: SphereGrid, lmax: number, budget: number): LegendreTables {
  return cached(device, `table|${g.lmax}|${g.nlon}|${lmax}|${budget}`, () => {
    const { nlat } = g;
    const pairs = lmPairs(lmax);
    const ntot = lmCount(lmax);
    const per = itemsPerChunk(4 * nlat, budget, ntot, 'lmax');
    const lam = new Float64Array(nlat * (lmax + 1));
    const hosts: Array<{ idx0: number; nidx: number; data: Float32Array }> = [];
    for (let idx0 = 0; idx0 < ntot; idx0 += per) {
      const nidx = Math.min(per, ntot - idx0);
      hosts.push({ idx0, nidx, data: new Float32Array(nlat * nidx) });
    }
    // Order by order, scattered into the slices' ring-major layout.
    for (const m of legendreOrders(g.x, lmax, lam)) {
      const i0 = lmIndex(m, m, lmax);
      const len = lmax - m + 1;
      for (let j = 0; j < nlat; j++) {
        const w = m === 0 ? g.w[j] : g.w[j] * Math.SQRT2;
        for (const h of hosts) {
          const lo = Math.max(i0, h.idx0), hi = Math.min(i0 + len, h.idx0 + h.nidx);
          for (let idx = lo; idx < hi; idx++) h.data[j * h.nidx + idx - h.idx0] = lam[j * len + idx - i0] * w;
        }
      }
    }
    const value: LegendreTables = {
      lm: storageBuffer(device, pairs, 'sht-lm'),
      w: storageBuffer(device, Float32Array.from(g.w), 'sht-w'),
      slices: hosts.map((h) => ({ idx0: h.idx0, nidx: h.nidx, buf: storageBuffer(device, h.data, 'sht-legendre') })),
    };
    return { buffers: [value.lm, value.w, ...value.slices.map((s) => s.buf)], value };
  });
}

function flyTables(device: GPUDevice, g: SphereGrid, lmax: number): FlyTables {
  return cached(device, `fly|${g.lmax}|${lmax}`, () => {
    const value: FlyTables = {
      ring: storageBuffer(device, halfRingTable(g), 'sht-rings'),
      seeds: storageBuffer(device, sectoralSeeds(g, lmax), 'sht-seeds'),
      rec: storageBuffer(device, recurrenceTable(lmax), 'sht-recurrence'),
    };
    return { buffers: [value.ring, value.seeds, value.rec], value };
  });
}

/** Fields per workgroup of the on-the-fly kernels. */
const FLY_FIELDS = 4;
/** Ring-pair × degree × field steps per on-the-fly dispatch: keeps each dispatch short on any GPU. */
const FLY_WORK_PER_DISPATCH = 2 ** 28;

/** Consecutive order ranges [m0, m0 + n) whose recursion work stays under FLY_WORK_PER_DISPATCH each. */
export function flyOrderChunks(lmax: number, nh: number, count: number): Array<[m0: number, n: number]> {
  const out: Array<[number, number]> = [];
  let m0 = 0;
  let work = 0;
  for (let m = 0; m <= lmax; m++) {
    const w = (lmax + 1 - m) * nh * Math.max(count, FLY_FIELDS);
    if (m > m0 && work + w > FLY_WORK_PER_DISPATCH) {
      out.push([m0, m - m0]);
      m0 = m;
      work = 0;
    }
    work += w;
  }
  out.push([m0, lmax + 1 - m0]);
  return out;
}

export interface ShtGpuResult {
  /** Σ_m a_ℓm² per field and degree, [count × (lmax+1)]. */
  power: Float32Array;
  /** (1/4π) ∫ f² dΩ of each field by the grid quadrature (float64 sum of f32 ring sums). */
  meanSquare: Float64Array;
  /** Packed (a^c, a^s) coefficients, [count × 2·lmCount(lmax)], when asked for. */
  coeffs?: Float32Array;
}

export interface ShtGpuOptions {
  /** Read the coefficients back as well as the power. */
  coeffs?: boolean;
  /** Cap on the bytes of one buffer binding (below the device's limits). */
  memoryCapBytes?: number;
  /** Legendre route; 'auto' (default) picks by size, see {@link chooseLegendre}. */
  legendre?: LegendreMode;
  /** Ring Fourier route; 'auto' (default) takes the FFT where {@link gpuRingUsesFft} says it is faster. */
  ring?: RingMode;
}

/**
 * Analyses `count` fields stored ring-major in `fields` ([count × nlat·nlon] f32) up to
 * `lmax` ≤ g.lmax. Encodes and submits its own work; resolves when the results are read back.
 */
export async function shtGpu(
  ctx: GpuContext,
  fields: GPUBuffer,
  count: number,
  g: SphereGrid,
  lmax: number,
  opts: ShtGpuOptions = {},
): Promise<ShtGpuResult> {
  const { device } = ctx;
  const { nlat, nlon } = g;
  const mcount = lmax + 1;
  const ntot = lmCount(lmax);
  const budget = bindingBudget(device.limits, opts.memoryCapBytes ?? Infinity);
  const route = chooseLegendre(g, lmax, budget, opts.legendre);
  return withGpuErrors(device, 'spherical-harmonic analysis', async () => {
    const powP = await computePipeline(device, 'sht/power.wgsl');
    const F = storageBuffer(device, 8 * count * nlat * mcount, 'sht-F');
    const A = storageBuffer(device, 8 * count * ntot, 'sht-A');
    const pw = storageBuffer(device, 4 * count * mcount, 'sht-power');
    const e = storageBuffer(device, 4 * count * nlat, 'sht-energy');
    const uniforms: GPUBuffer[] = [];
    const uni = (a: ArrayBufferView) => {
      const b = uniformBuffer(device, a);
      uniforms.push(b);
      return b;
    };
    try {
      const enc = device.createCommandEncoder();
      if (gpuRingUsesFft(nlon, mcount, opts.ring)) {
        const T = fftTables(device, nlon);
        const H = nlon / 2;
        const Z = await encodeFftStages(device, enc, T, H, count * nlat, fields, false, uniforms);
        const postP = await computePipeline(device, 'sht/fft-post.wgsl');
        const u = new ArrayBuffer(16);
        new Uint32Array(u, 0, 3).set([H, mcount, count * nlat]);
        new Float32Array(u, 12, 1).set([(2 * Math.PI) / nlon]);
        dispatchLinear(device, enc, postP, bindBuffers(device, postP, [uni(new Uint8Array(u)), T.tw, Z, F]), mcount * count * nlat);
      } else {
        const R = ringTables(device, g, lmax);
        const ringP = await computePipeline(device, 'sht/ring.wgsl');
        encodeDispatch(enc, ringP, bindBuffers(device, ringP, [uni(new Uint32Array([nlat, nlon, mcount, count])), R.trigT, fields, F]), Math.ceil(mcount / 64), nlat, count);
      }
      if (route === 'table') {
        const T = legendreTables(device, g, lmax, budget);
        const legP = await computePipeline(device, 'sht/legendre.wgsl');
        for (const s of T.slices) {
          const params = uni(new Uint32Array([nlat, mcount, s.idx0, s.nidx, ntot, count]));
          encodeDispatch(enc, legP, bindBuffers(device, legP, [params, s.buf, T.lm, F, A]), Math.ceil(s.nidx / 64), count);
        }
      } else {
        const T = flyTables(device, g, lmax);
        const fk = Math.min(FLY_FIELDS, count);
        const flyP = await computePipeline(device, 'sht/fly-analysis.wgsl', { FK: fk });
        const nh = halfRings(nlat);
        for (const [m0, n] of flyOrderChunks(lmax, nh, count)) {
          const params = uni(new Uint32Array([nlat, nh, mcount, lmax, ntot, count, m0, 0]));
          encodeDispatch(enc, flyP, bindBuffers(device, flyP, [params, T.ring, T.seeds, T.rec, F, A]), n, Math.ceil(count / fk));
        }
      }
      const pp = uni(new Uint32Array([lmax, ntot, count, nlat, nlon]));
      encodeDispatch(enc, powP, bindBuffers(device, powP, [pp, A, fields, pw, e]), Math.ceil(Math.max(mcount, nlat) / 64), count);
      device.queue.submit([enc.finish()]);
      const power = await readF32(device, pw, count * mcount);
      const ring = await readF32(device, e, count * nlat);
      const meanSquare = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        let s = 0;
        for (let j = 0; j < nlat; j++) s += g.w[j] * ring[k * nlat + j];
        meanSquare[k] = (s * (2 * Math.PI)) / nlon / (4 * Math.PI);
      }
      const coeffs = opts.coeffs ? await readF32(device, A, 2 * count * ntot) : undefined;
      return { power, meanSquare, coeffs };
    } finally {
      for (const b of [F, A, pw, e, ...uniforms]) b.destroy();
    }
  });
}

/**
 * Synthesis on the GPU: fields [count × nlat·nlon] (ring-major, f32) from packed coefficients
 * [count × 2·lmCount(lmax)] (the layout of shtAnalysis), lmax ≤ g.lmax. For drawing band-limited
 * fields and for round-trip tests; the twin is shtSynthesis.
 */
export async function shtSynthesisGpu(
  ctx: GpuContext,
  coeffs: Float32Array,
  count: number,
  g: SphereGrid,
  lmax: number,
  opts: Omit<ShtGpuOptions, 'coeffs'> = {},
): Promise<Float32Array> {
  const { device } = ctx;
  const { nlat, nlon } = g;
  const mcount = lmax + 1;
  const ntot = lmCount(lmax);
  const budget = bindingBudget(device.limits, opts.memoryCapBytes ?? Infinity);
  const route = chooseLegendre(g, lmax, budget, opts.legendre);
  return withGpuErrors(device, 'spherical-harmonic synthesis', async () => {
    const A = storageBuffer(device, coeffs.subarray(0, 2 * count * ntot), 'synth-A');
    const G = storageBuffer(device, 8 * count * nlat * mcount, 'synth-G');
    const f = storageBuffer(device, 4 * count * nlat * nlon, 'synth-f');
    const uniforms: GPUBuffer[] = [];
    const uni = (a: ArrayBufferView) => {
      const b = uniformBuffer(device, a);
      uniforms.push(b);
      return b;
    };
    try {
      const enc = device.createCommandEncoder();
      if (route === 'table') {
        const T = legendreTables(device, g, lmax, budget);
        const legP = await computePipeline(device, 'sht/synth-legendre.wgsl');
        T.slices.forEach((s, i) => {
          const u = uni(new Uint32Array([nlat, mcount, s.idx0, s.nidx, ntot, count, lmax, i === 0 ? 1 : 0]));
          encodeDispatch(enc, legP, bindBuffers(device, legP, [u, s.buf, T.w, A, G]), Math.ceil(mcount / 64), nlat, count);
        });
      } else {
        const T = flyTables(device, g, lmax);
        const fk = Math.min(FLY_FIELDS, count);
        const flyP = await computePipeline(device, 'sht/fly-synthesis.wgsl', { FK: fk });
        const nh = halfRings(nlat);
        for (const [m0, n] of flyOrderChunks(lmax, nh, count)) {
          const u = uni(new Uint32Array([nlat, nh, mcount, lmax, ntot, count, m0, 0]));
          encodeDispatch(enc, flyP, bindBuffers(device, flyP, [u, T.ring, T.seeds, T.rec, A, G]), Math.ceil(nh / 64), n, Math.ceil(count / fk));
        }
      }
      if (gpuRingUsesFft(nlon, mcount, opts.ring)) {
        const T = fftTables(device, nlon);
        const H = nlon / 2;
        const rings = count * nlat;
        const preP = await computePipeline(device, 'sht/fft-pre.wgsl');
        const Z = storageBuffer(device, 8 * H * rings, 'sht-fft-z');
        uniforms.push(Z);
        dispatchLinear(device, enc, preP, bindBuffers(device, preP, [uni(new Uint32Array([H, mcount, rings, 0])), T.tw, G, Z]), H * rings);
        await encodeFftStages(device, enc, T, H, rings, Z, true, uniforms, f);
      } else {
        const R = ringTables(device, g, lmax);
        const ringP = await computePipeline(device, 'sht/synth-ring.wgsl');
        const rp = new ArrayBuffer(32);
        new Uint32Array(rp, 0, 4).set([nlat, nlon, mcount, count]);
        new Float32Array(rp, 16, 1).set([nlon / (2 * Math.PI)]);
        encodeDispatch(enc, ringP, bindBuffers(device, ringP, [uni(new Uint8Array(rp)), R.trig, G, f]), Math.ceil(nlon / 64), nlat, count);
      }
      device.queue.submit([enc.finish()]);
      return await readF32(device, f, count * nlat * nlon);
    } finally {
      for (const b of [A, G, f, ...uniforms]) b.destroy();
    }
  });
}
