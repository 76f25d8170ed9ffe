/**
 * The browser benchmark: the package's own kernels on this page's GPU beside their CPU twins —
 * network evaluation (useful GFLOP/s), SHT time per field, eigvalsh. Times are wall clock around
 * each call, from submission to the result read back; where the device has timestamp queries the
 * GPU rows also give the summed duration of the compute passes the call encoded.
 */
import { describeAdapter, getGpu, type GpuContext } from '../gpu/device.js';
import { storageBuffer } from '../gpu/buffers.js';
import { checkInt, throwIfAborted } from '../errors.js';
import { eigh } from '../linalg/index.js';
import { fieldsCpu } from '../sample/fields-cpu.js';
import { forEachFieldChunk } from '../sample/fields-gpu.js';
import { macsPerPoint, type NetworkShape } from '../sample/network.js';
import { gridPoints, sphereGrid } from '../sphere/grid.js';
import { shtAnalysis } from '../sphere/sht-cpu.js';
import { shtGpu } from '../sphere/sht-gpu.js';
import { parseActivation } from '../theory/activations.js';
import { resolveVariances } from '../theory/variances.js';
import type { BenchRow, BenchSummary } from './protocol.js';

export interface BenchParams {
  /** Network evaluation: width, depth, networks on the grid of band limit lmax. */
  width: number;
  depth: number;
  networks: number;
  lmax: number;
  /** Band limits of the SHT timings. */
  sht: number[];
  /** Order of the eigvalsh timing (0 skips it). */
  eig: number;
  /** Also time the CPU twins (default true). */
  cpu?: boolean;
}

async function time(f: () => Promise<unknown>, signal: AbortSignal, ctx?: GpuContext | null): Promise<{ ms: number; gpuMs: number | null }> {
  throwIfAborted(signal);
  await f(); // warm-up: pipelines, tables, JIT
  throwIfAborted(signal);
  if (ctx) return passTimes(ctx, f);
  const t = performance.now();
  await f();
  return { ms: performance.now() - t, gpuMs: null };
}

type Encoder = GPUCommandEncoder & Record<string, unknown>;

/**
 * Runs `f` with a timestamp-query pair written into every compute pass it encodes (the
 * kernels themselves stay unchanged: the device's command encoders are wrapped while `f` runs)
 * and returns the wall time and the summed pass durations (null without timestamp queries).
 */
async function passTimes(ctx: GpuContext, f: () => Promise<unknown>): Promise<{ ms: number; gpuMs: number | null }> {
  const { device } = ctx;
  if (!ctx.features.has('timestamp-query')) {
    const t = performance.now();
    await f();
    return { ms: performance.now() - t, gpuMs: null };
  }
  const CAP = 2048;
  const qs = device.createQuerySet({ type: 'timestamp', count: 2 * CAP });
  const resolved = device.createBuffer({ size: 16 * CAP, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: 16 * CAP, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  // Pair i is queries 2i, 2i+1; each encoder's pairs start on a 256-byte boundary of the
  // resolve buffer (16 pairs), which resolveQuerySet requires of its destination offset.
  let used = 0;
  const pairs: number[] = [];
  const dev = device as GPUDevice & Record<string, unknown>;
  const create = device.createCommandEncoder.bind(device);
  dev.createCommandEncoder = (desc?: GPUCommandEncoderDescriptor) => {
    const enc = create(desc) as Encoder;
    let first = -1;
    const begin = enc.beginComputePass.bind(enc);
    const finish = enc.finish.bind(enc);
    enc.beginComputePass = (d: GPUComputePassDescriptor = {}) => {
      if (first < 0) first = used = Math.ceil(used / 16) * 16;
      if (d.timestampWrites || used >= CAP) return begin(d);
      const i = used++;
      pairs.push(i);
      return begin({ ...d, timestampWrites: { querySet: qs, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
    };
    enc.finish = (d?: GPUCommandBufferDescriptor) => {
      if (first >= 0 && used > first) enc.resolveQuerySet(qs, 2 * first, 2 * (used - first), resolved, 16 * first);
      return finish(d);
    };
    return enc;
  };
  let ms: number;
  try {
    const t = performance.now();
    await f();
    ms = performance.now() - t;
  } finally {
    delete (dev as Partial<typeof dev>).createCommandEncoder;
  }
  try {
    if (pairs.length === 0) return { ms, gpuMs: null };
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(resolved, 0, read, 0, 16 * used);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ, 0, 16 * used);
    const ts = new BigUint64Array(read.getMappedRange(0, 16 * used));
    let ns = 0;
    for (const i of pairs) if (ts[2 * i + 1] > ts[2 * i]) ns += Number(ts[2 * i + 1] - ts[2 * i]);
    read.unmap();
    return { ms, gpuMs: ns / 1e6 };
  } finally {
    qs.destroy();
    resolved.destroy();
    read.destroy();
  }
}

export async function runBench(p: BenchParams, signal: AbortSignal, onRow: (r: BenchRow) => void): Promise<BenchSummary> {
  const width = checkInt('width', p.width, 1, 8192);
  const depth = checkInt('depth', p.depth, 1, 64);
  const networks = checkInt('networks', p.networks, 1, 4096);
  const lmax = checkInt('lmax', p.lmax, 1, 1023);
  const shtList = p.sht.map((l) => checkInt('sht', l, 1, 1023));
  const eigN = checkInt('eig', p.eig, 0, 8192);
  let ctx: GpuContext | null = null;
  try {
    ctx = await getGpu();
  } catch {
    ctx = null;
  }
  const rows: BenchRow[] = [];
  const add = (r: BenchRow) => {
    rows.push(r);
    onRow(r);
  };
  const cpu = p.cpu !== false;
  const spec = parseActivation('relu');
  const v = resolveVariances(spec, {});
  const net: NetworkShape = { dim: 3, width, depth, sIn: v.sIn, sigmaW2: v.sigmaW2, sigmaB2: 0, seed: 1 };
  const g = sphereGrid(lmax);
  const points = gridPoints(g);
  const M = g.nlat * g.nlon;
  const flop = (k: number) => (2 * k * M * macsPerPoint(net)) / 1e9;
  const size = `width ${width}, depth ${depth}, ${M} points`;
  if (ctx) {
    const c = ctx;
    const t = await time(() => forEachFieldChunk(c, net, spec, points, 0, networks, () => c.device.queue.onSubmittedWorkDone(), { signal }), signal, c);
    add({ what: 'network evaluation', size: `${networks} × ${size}`, backend: 'webgpu', ...t, gflops: flop(networks) / (t.ms / 1e3) });
  }
  if (cpu) {
    const k = Math.max(1, Math.min(networks, 2));
    const t = await time(() => fieldsCpu(net, (x) => (x > 0 ? x : 0), points, 0, k, { signal }), signal);
    add({ what: 'network evaluation', size: `${k} × ${size}`, backend: 'cpu', ...t, gflops: flop(k) / (t.ms / 1e3) });
  }
  for (const l of shtList) {
    const gl = sphereGrid(l);
    const Mg = gl.nlat * gl.nlon;
    const f = new Float32Array(Mg).map((_, i) => Math.sin(i * 0.37));
    if (ctx) {
      const c = ctx;
      const buf = storageBuffer(c.device, f, 'bench-fields');
      try {
        const t = await time(() => shtGpu(c, buf, 1, gl, l), signal, c);
        add({ what: 'SHT per field', size: `lmax ${l}`, backend: 'webgpu', ...t, gflops: null });
      } finally {
        buf.destroy();
      }
    }
    if (cpu) {
      const f64 = Float64Array.from(f);
      const t = await time(async () => shtAnalysis(gl, f64, 0, l), signal);
      add({ what: 'SHT per field', size: `lmax ${l}`, backend: 'cpu', ...t, gflops: null });
    }
  }
  if (eigN > 0) {
    const a = new Float64Array(eigN * eigN);
    for (let i = 0; i < eigN; i++)
      for (let j = 0; j <= i; j++) a[i * eigN + j] = a[j * eigN + i] = Math.sin(0.7 * i + 1.3 * j) + (i === j ? 2 : 0);
    for (const backend of [...(ctx ? (['webgpu'] as const) : []), ...(cpu ? (['cpu'] as const) : [])]) {
      const t = await time(() => eigh(a, eigN, { backend, signal }), signal, backend === 'webgpu' ? ctx : null);
      add({ what: 'eigvalsh', size: `n ${eigN}`, backend, ...t, gflops: null });
    }
  }
  return {
    adapter: ctx ? describeAdapter(ctx.adapter) : null,
    timestampQuery: !!ctx?.features.has('timestamp-query'),
    timing:
      'ms: wall clock per call after one warm-up call, submission to read-back; GPU passes ms (gpuMs): summed compute-pass durations from timestamp queries',
    rows,
  };
}
