// Sampling and SHT benchmark: network-evaluation throughput (useful GFLOP/s = 2 × multiply-adds
// of the MLP / time) and SHT time per field at lmax 63, 255, 511, 1023, 2047 on the WebGPU adapter
// present and on the CPU twin, the ring FFT-vs-direct crossover, the per-field cost against the
// batch size, with a NumPy reference measured in the same run (bench/sample/numpy_ref.py).
// Usage: npm run bench:sample [-- --quick] [-- --w1]   (--w1: the reference workload W1 and the
// SHT rows of torch-harmonics' figures — 256 fields at 63, 64 at 255, 16 at 511 — for a real
// GPU). On a software adapter the rows from lmax 1023 on are single timed calls (about 3 minutes
// at 2047 on SwiftShader). Results: bench/results/sample.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nn from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const w1 = args.has('--w1');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// reps = 0: one timed call, first call included (pipelines, tables): for runs too long to repeat.
async function timeIt(f, reps) {
  if (reps === 0) {
    const t = performance.now();
    await f();
    return performance.now() - t;
  }
  await f();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const out = { date: new Date().toISOString(), node: process.version, results: {} };
let ctx = null;
try {
  ctx = await nn.getGpu();
  out.adapter = nn.describeAdapter(ctx.adapter);
} catch (e) {
  out.adapter = null;
  out.gpuError = e.message;
}

// --- network evaluation
const cfg = w1
  ? { width: 1024, depth: 4, networks: 256, lmax: 63 }
  : quick
    ? { width: 64, depth: 2, networks: 4, lmax: 15 }
    : { width: 128, depth: 2, networks: 8, lmax: 31 };
const grid = nn.sphereGrid(cfg.lmax);
const points = nn.gridPoints(grid);
const M = grid.nlat * grid.nlon;
const spec = nn.parseActivation('relu');
const v = nn.resolveVariances(spec, {});
const net = { dim: 3, width: cfg.width, depth: cfg.depth, sIn: v.sIn, sigmaW2: v.sigmaW2, sigmaB2: 0, seed: 1 };
const macs = cfg.networks * M * nn.macsPerPoint(net);
out.results.network = { config: { ...cfg, points: M, activation: 'relu' }, usefulGflop: (2 * macs) / 1e9 };
if (ctx) {
  const variants = w1
    ? [{ tm: 4, tn: 4, bk: 8 }, { tm: 4, tn: 4, bk: 16 }, { tm: 8, tn: 8, bk: 8 }, { tm: 8, tn: 8, bk: 16 }].map((tile) => ({ kernel: 'tiled', tile }))
    : [{ kernel: 'auto' }, { kernel: 'tiled', tile: { tm: 4, tn: 4, bk: 8 } }];
  out.results.network.webgpu = [];
  for (const variant of variants) {
    const ms = await timeIt(
      () =>
        nn.forEachFieldChunk(ctx, net, spec, points, 0, cfg.networks, async () => {
          await ctx.device.queue.onSubmittedWorkDone();
        }, { ...variant, memoryCapBytes: w1 ? 8 * 2 ** 30 : undefined }),
      w1 ? 5 : 2,
    );
    out.results.network.webgpu.push({ ...variant, ms, gflops: (2 * macs) / (ms / 1e3) / 1e9 });
  }
  // The whole pipeline: sampling + SHT + power (what `nnspectra sample` does).
  const pipeMs = await timeIt(
    () => nn.sampleSpectrum({ activation: 'relu', depth: cfg.depth, width: cfg.width, networks: cfg.networks, lmax: cfg.lmax, gridLmax: cfg.lmax, estimator: 'field', backend: 'webgpu', theory: false, gpu: w1 ? { memoryCapBytes: 8 * 2 ** 30 } : {} }),
    w1 ? 3 : 1,
  );
  out.results.pipeline = { webgpuMs: pipeMs };
}
const cpuNets = w1 ? 1 : Math.min(cfg.networks, 2);
const cpuMs = await timeIt(() => nn.fieldsCpu(net, (x) => (x > 0 ? x : 0), points, 0, cpuNets), 5);
out.results.network.cpuTwin = { networks: cpuNets, ms: cpuMs, gflops: (2 * cpuNets * M * nn.macsPerPoint(net)) / (cpuMs / 1e3) / 1e9 };

// --- SHT per field
const software = !ctx || ctx.adapter.software;
const shtCases = w1
  ? [[63, 256], [255, 64], [511, 16], [1023, 4], [2047, 1]]
  : quick ? [[63, 2], [255, 1]] : [[63, 4], [255, 1], [511, 1], [1023, 1], [2047, 1]];
const log = (msg) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
out.results.sht = {};
for (const [lmax, batchGpu] of shtCases) {
  const g = nn.sphereGrid(lmax);
  const Mg = g.nlat * g.nlon;
  const r = { grid: [g.nlat, g.nlon] };
  const reps = lmax >= 1023 ? 1 : w1 ? 5 : lmax < 300 ? 7 : 2;
  if (ctx) {
    const f = new Float32Array(batchGpu * Mg).map((_, i) => Math.sin(i * 0.37));
    const buf = nn.storageBuffer(ctx.device, f, 'bench-fields');
    const budget = nn.bindingBudget(ctx.device.limits);
    const ms = await timeIt(() => nn.shtGpu(ctx, buf, batchGpu, g, lmax), software && lmax >= 1023 ? 0 : reps);
    buf.destroy();
    r.webgpu = { batch: batchGpu, msPerField: ms / batchGpu, legendre: nn.chooseLegendre(g, lmax, budget), ring: nn.gpuRingUsesFft(g.nlon, lmax + 1) ? 'fft' : 'direct' };
    log(`sht ${lmax} webgpu ${r.webgpu.msPerField.toFixed(2)} ms/field`);
  }
  if (!w1) {
    const f = new Float64Array(Mg).map((_, i) => Math.sin(i * 0.37));
    // Several reps where a call is short: the first calls run before V8 has optimised the kernels.
    const ms = await timeIt(() => nn.shtAnalysis(g, f, 0, lmax), lmax >= 1023 ? 0 : reps);
    r.cpuTwin = { msPerField: ms, ring: nn.ringUsesFft(g.nlon, lmax + 1, 8) ? 'fft' : 'direct' };
    log(`sht ${lmax} cpu twin ${ms.toFixed(1)} ms/field`);
  }
  out.results.sht[lmax] = r;
}

// --- Ring transforms: FFT against the direct sum (whole analysis, both routes forced).
if (!w1) {
  out.results.ringCrossover = [];
  for (const lmax of quick ? [15, 63] : [7, 15, 31, 63, 127, 255]) {
    const g = nn.sphereGrid(lmax);
    const Mg = g.nlat * g.nlon;
    const row = { lmax, nlon: g.nlon };
    const f = new Float64Array(Mg).map((_, i) => Math.sin(i * 0.37));
    for (const ring of ['direct', 'fft']) row[`cpuTwin_${ring}_ms`] = await timeIt(() => nn.shtAnalysis(g, f, 0, lmax, ring), 5);
    if (ctx) {
      const batch = 4;
      const buf = nn.storageBuffer(ctx.device, new Float32Array(batch * Mg).map((_, i) => Math.sin(i * 0.37)), 'bench-fields');
      for (const ring of ['direct', 'fft']) row[`webgpu_${ring}_msPerField`] = (await timeIt(() => nn.shtGpu(ctx, buf, batch, g, lmax, { ring }), 2)) / batch;
      buf.destroy();
    }
    row.autoCpu = nn.ringUsesFft(g.nlon, lmax + 1, 8) ? 'fft' : 'direct';
    row.autoWebgpu = nn.gpuRingUsesFft(g.nlon, lmax + 1) ? 'fft' : 'direct';
    out.results.ringCrossover.push(row);
    log(`ring crossover ${JSON.stringify(row)}`);
  }
}

// --- Batching: per-field cost at lmax 63 against the number of fields per call.
if (ctx) {
  const lmax = 63;
  const g = nn.sphereGrid(lmax);
  const Mg = g.nlat * g.nlon;
  out.results.shtBatch = [];
  for (const batch of quick ? [1, 16] : w1 ? [1, 16, 64, 256, 1024] : [1, 4, 16, 64]) {
    const buf = nn.storageBuffer(ctx.device, new Float32Array(batch * Mg).map((_, i) => Math.sin(i * 0.37)), 'bench-fields');
    const row = { lmax, batch };
    for (const legendre of ['table', 'fly']) row[`${legendre}_msPerField`] = (await timeIt(() => nn.shtGpu(ctx, buf, batch, g, lmax, { legendre }), w1 ? 5 : 2)) / batch;
    buf.destroy();
    out.results.shtBatch.push(row);
    log(`sht batch ${JSON.stringify(row)}`);
  }
}

// --- NumPy reference on this machine, same sizes (CPU only; skipped with --w1).
if (!w1) {
  try {
    const ref = JSON.parse(
      execFileSync('python3', [join(here, 'numpy_ref.py'), JSON.stringify({ width: cfg.width, depth: cfg.depth, networks: cfg.networks, points: M, sht: shtCases.map(([l]) => [l, l > 300 ? 1 : 2]) })], { encoding: 'utf8', maxBuffer: 2 ** 26 }),
    );
    out.numpy = ref;
    const n = out.results.network;
    out.ratios = {
      cpuTwinOverNumpyNetwork: n.cpuTwin.gflops / ref.network.gflops,
      ...(n.webgpu ? { webgpuOverNumpyNetwork: n.webgpu[0].gflops / ref.network.gflops } : {}),
    };
    for (const [l] of shtCases) {
      const s = out.results.sht[l];
      if (ref.sht[l]) {
        if (s.cpuTwin) out.ratios[`shtCpuTwinOverNumpy_${l}`] = ref.sht[l].msPerField / s.cpuTwin.msPerField;
        if (s.webgpu) out.ratios[`shtWebgpuOverNumpy_${l}`] = ref.sht[l].msPerField / s.webgpu.msPerField;
      }
    }
    out.ratiosNote = 'ratio > 1 means nnspectra is faster (throughput ratio for networks, inverse time ratio for SHT)';
    out.healpy = 'not measured: healpy is not installable offline here (its map2alm works on HEALPix grids, not this Gauss-Legendre grid)';
  } catch (e) {
    out.numpyError = String(e.message).split('\n')[0];
  }
}

const file = join(here, '..', 'results', w1 ? 'sample-w1.json' : 'sample.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
await nn.releaseDevice();
process.exit(0);
