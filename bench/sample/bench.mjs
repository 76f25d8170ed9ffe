// Sampling and SHT benchmark: network-evaluation throughput (useful GFLOP/s = 2 × multiply-adds
// of the MLP / time) and SHT time per field at lmax 63, 255, 511, on the WebGPU adapter present
// and on the CPU twin, with a NumPy reference measured in the same run (bench/sample/numpy_ref.py).
// Usage: npm run bench:sample [-- --quick] [-- --w1]   (--w1: the GPU reference workload W1 of
// bench/sample/torch_ref.py, for a real GPU). Results: bench/results/sample.json.
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

async function timeIt(f, reps) {
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
const shtCases = w1 ? [[63, 256], [255, 64], [511, 16]] : quick ? [[63, 2], [255, 1]] : [[63, 4], [255, 1], [511, 1]];
out.results.sht = {};
for (const [lmax, batchGpu] of shtCases) {
  const g = nn.sphereGrid(lmax);
  const Mg = g.nlat * g.nlon;
  const r = { grid: [g.nlat, g.nlon] };
  if (ctx) {
    const f = new Float32Array(batchGpu * Mg).map((_, i) => Math.sin(i * 0.37));
    const buf = nn.storageBuffer(ctx.device, f, 'bench-fields');
    const ms = await timeIt(() => nn.shtGpu(ctx, buf, batchGpu, g, lmax), w1 ? 5 : 1);
    buf.destroy();
    r.webgpu = { batch: batchGpu, msPerField: ms / batchGpu };
  }
  if (!w1) {
    const f = new Float64Array(Mg).map((_, i) => Math.sin(i * 0.37));
    // Several reps where a call is short: the first calls run before V8 has optimised the kernels.
    const ms = await timeIt(() => nn.shtAnalysis(g, f, 0, lmax), lmax < 300 ? 7 : 2);
    r.cpuTwin = { msPerField: ms };
  }
  out.results.sht[lmax] = r;
}

// --- NumPy reference on this machine, same sizes (CPU only; skipped with --w1).
if (!w1) {
  try {
    const ref = JSON.parse(
      execFileSync('python3', [join(here, 'numpy_ref.py'), JSON.stringify({ width: cfg.width, depth: cfg.depth, networks: cfg.networks, points: M, sht: shtCases.map(([l]) => [l, l > 300 ? 1 : 2]) })], { encoding: 'utf8' }),
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
        out.ratios[`shtCpuTwinOverNumpy_${l}`] = ref.sht[l].msPerField / s.cpuTwin.msPerField;
        if (s.webgpu) out.ratios[`shtWebgpuOverNumpy_${l}`] = ref.sht[l].msPerField / s.webgpu.msPerField;
      }
    }
    out.ratiosNote = 'ratio > 1 means nnspectra is faster (throughput ratio for networks, inverse time ratio for SHT)';
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
