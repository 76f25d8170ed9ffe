/**
 * The browser benchmark: the package's own kernels on this page's GPU beside their CPU twins —
 * network evaluation (useful GFLOP/s), SHT time per field, eigvalsh. Times are wall clock around
 * each call, from submission to the result read back (the device's timestamp-query support is
 * reported alongside).
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

async function time(f: () => Promise<unknown>, signal: AbortSignal): Promise<number> {
  throwIfAborted(signal);
  await f(); // warm-up: pipelines, tables, JIT
  throwIfAborted(signal);
  const t = performance.now();
  await f();
  return performance.now() - t;
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
    const ms = await time(() => forEachFieldChunk(c, net, spec, points, 0, networks, () => c.device.queue.onSubmittedWorkDone(), { signal }), signal);
    add({ what: 'network evaluation', size: `${networks} × ${size}`, backend: 'webgpu', ms, gflops: flop(networks) / (ms / 1e3) });
  }
  if (cpu) {
    const k = Math.max(1, Math.min(networks, 2));
    const ms = await time(() => fieldsCpu(net, (x) => (x > 0 ? x : 0), points, 0, k, { signal }), signal);
    add({ what: 'network evaluation', size: `${k} × ${size}`, backend: 'cpu', ms, gflops: flop(k) / (ms / 1e3) });
  }
  for (const l of shtList) {
    const gl = sphereGrid(l);
    const Mg = gl.nlat * gl.nlon;
    const f = new Float32Array(Mg).map((_, i) => Math.sin(i * 0.37));
    if (ctx) {
      const c = ctx;
      const buf = storageBuffer(c.device, f, 'bench-fields');
      try {
        const ms = await time(() => shtGpu(c, buf, 1, gl, l), signal);
        add({ what: 'SHT per field', size: `lmax ${l}`, backend: 'webgpu', ms, gflops: null });
      } finally {
        buf.destroy();
      }
    }
    if (cpu) {
      const f64 = Float64Array.from(f);
      const ms = await time(async () => shtAnalysis(gl, f64, 0, l), signal);
      add({ what: 'SHT per field', size: `lmax ${l}`, backend: 'cpu', ms, gflops: null });
    }
  }
  if (eigN > 0) {
    const a = new Float64Array(eigN * eigN);
    for (let i = 0; i < eigN; i++)
      for (let j = 0; j <= i; j++) a[i * eigN + j] = a[j * eigN + i] = Math.sin(0.7 * i + 1.3 * j) + (i === j ? 2 : 0);
    for (const backend of [...(ctx ? (['webgpu'] as const) : []), ...(cpu ? (['cpu'] as const) : [])]) {
      const ms = await time(() => eigh(a, eigN, { backend, signal }), signal);
      add({ what: 'eigvalsh', size: `n ${eigN}`, backend, ms, gflops: null });
    }
  }
  return {
    adapter: ctx ? describeAdapter(ctx.adapter) : null,
    timestampQuery: !!ctx?.features.has('timestamp-query'),
    timing: 'wall clock per call after one warm-up call, from submission to the result read back',
    rows,
  };
}
