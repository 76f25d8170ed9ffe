// Weight-report benchmark.
//  1. A randomly initialised model with GPT-2 small's layer shapes (124M parameters, F32
//     safetensors written here): the whole `analyzeWeights` report on the CPU twin (and on the
//     GPU when a hardware adapter is present), beside NumPy's eigvalsh of the same matrices' Gram
//     matrices in the same run (and the largest eigenvalue difference between the two).
//  2. Peak resident memory while streaming a safetensors file larger than 4 GB (written here,
//     deleted afterwards), analysed in a fresh process: the target is < 1 GB.
// Results: bench/results/weights.json.
//
//   npx vite build && node bench/weights/bench.mjs [--skip-gpt2] [--skip-stream] [--stream-gb 4.5]
// (a skipped half keeps the last run's numbers in the results file)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeWeights, describeAdapter, getGpu, releaseDevice } from '../../dist/index.js';
import { gpt2SmallShapes, normalF32, writeSafetensors } from './write.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const tmp = mkdtempSync(join(os.tmpdir(), 'nnspectra-bench-weights-'));
const result = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: os.totalmem() / 2 ** 30, node: process.version },
  notes: [
    'ours: analyzeWeights(path) end to end: reading, float64 Gram matrix of the smaller side, float64 eigensolver, and every metric (power-law fit, MP fit, ranks) for each layer.',
    'numpy: for each 2-D tensor, float64 Gram matrix (OpenBLAS matmul) and np.linalg.eigvalsh, no metrics; numpy with its default BLAS threads, numpy1Thread with OPENBLAS_NUM_THREADS=1.',
    'The machine is shared: loadavg is recorded; under load wall times inflate unevenly, so cpuSeconds (process CPU time; the report runs on one thread) against numpy1Thread.cpuSeconds is the robust comparison (cpuRatioToNumpy1Thread).',
    'maxRelEigDiff: max over layers of max_i |λ_ours - λ_numpy| / λ_max.',
  ],
};

const previous = () => {
  try {
    return JSON.parse(readFileSync(join(here, '../results/weights.json'), 'utf8'));
  } catch {
    return {};
  }
};

try {
  // ---- 1. GPT-2 small ----
  if (args.includes('--skip-gpt2')) result.gpt2Small = previous().gpt2Small;
  else {
    const model = join(tmp, 'gpt2-small-random.safetensors');
    let seed = 1;
    const shapes = gpt2SmallShapes();
    const t0 = performance.now();
    const bytes = writeSafetensors(model, shapes.map(([name, shape]) => ({
      name, shape, dtype: 'F32',
      fill: () => {
        const n = shape.reduce((a, b) => a * b, 1);
        const v = shape.length === 1 ? new Float32Array(n).fill(name.includes('ln') && name.endsWith('weight') ? 1 : 0) : normalF32(n, 0.02, seed++);
        return new Uint8Array(v.buffer);
      },
    })));
    const params = shapes.reduce((a, [, s]) => a + s.reduce((x, y) => x * y, 1), 0);
    console.error(`wrote ${model}: ${params} parameters, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const cpu0 = process.cpuUsage();
    const t1 = performance.now();
    const ours = await analyzeWeights(model, { backend: 'cpu', eigenvalues: true });
    const oursSeconds = (performance.now() - t1) / 1000;
    const cpuUse = process.cpuUsage(cpu0);
    console.error(`ours (cpu): ${ours.layers.length} layers in ${oursSeconds.toFixed(1)} s`);

    const evFile = join(tmp, 'numpy-ev.bin');
    const runNumpy = (env) => {
      const py = spawnSync('python3', [join(here, 'numpy_ref.py'), model, evFile], { encoding: 'utf8', timeout: 1800_000, env: { ...process.env, ...env } });
      if (py.status !== 0) console.error(`numpy reference failed: ${py.stderr || py.error}`);
      return py.status === 0 ? JSON.parse(py.stdout.trim().split('\n').pop()) : null;
    };
    const numpy1 = runNumpy({ OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' });
    const numpy = runNumpy({});
    let maxRelEigDiff = null;
    if (numpy) {
      const ref = new Float64Array(readFileSync(evFile).buffer.slice(0));
      let o = 0;
      maxRelEigDiff = 0;
      for (const l of ours.layers) {
        const n = l.eigenvalues.length;
        const r = ref.subarray(o, o + n);
        o += n;
        let mx = 0, d = 0;
        for (let i = 0; i < n; i++) {
          mx = Math.max(mx, Math.abs(r[i]));
          d = Math.max(d, Math.abs(r[i] - l.eigenvalues[i]));
        }
        maxRelEigDiff = Math.max(maxRelEigDiff, d / mx);
      }
      console.error(`numpy: ${numpy.totalSeconds.toFixed(1)} s (gram ${numpy.gramSeconds.toFixed(1)} s, eigvalsh ${numpy.eigvalshSeconds.toFixed(1)} s); max rel eig diff ${maxRelEigDiff.toExponential(2)}`);
  }

  let gpu = { status: 'pending: no hardware GPU adapter on this machine' };
  try {
    const ctx = await getGpu();
    if (!ctx.adapter.software) {
      const t2 = performance.now();
      const g = await analyzeWeights(model, { backend: 'webgpu' });
      gpu = { adapter: describeAdapter(ctx.adapter), seconds: (performance.now() - t2) / 1000, layers: g.layers.length, target: 'whole GPT-2 small report < 10 s', met: (performance.now() - t2) / 1000 < 10 };
    } else gpu.adapter = describeAdapter(ctx.adapter);
  } catch (e) {
    gpu.error = String(e.message ?? e);
  }
  await releaseDevice();

  result.gpt2Small = {
    parameters: params,
    fileBytes: bytes,
    layers: ours.layers.length,
    skipped: ours.skipped.length,
    ours: { backend: 'cpu', seconds: oursSeconds, cpuSeconds: (cpuUse.user + cpuUse.system) / 1e6, meanAlpha: ours.summary.alpha },
    numpy,
    numpy1Thread: numpy1,
    ratioToNumpy: numpy ? oursSeconds / numpy.totalSeconds : null,
    // Our report is single-threaded: CPU time against one-thread NumPy is the comparison that
    // survives a loaded machine.
    cpuRatioToNumpy1Thread: numpy1 ? (cpuUse.user + cpuUse.system) / 1e6 / numpy1.cpuSeconds : null,
    maxRelEigDiff,
    gpu,
  };
  rmSync(model, { force: true });
  }

  // ---- 2. streaming a > 4 GB file ----
  if (args.includes('--skip-stream')) {
    // Keep the last streaming measurement.
    result.stream = previous().stream;
  } else {
    const gb = Number(opt('--stream-gb', '4.5'));
    const rows = 262144, cols = 64; // 64 MiB per tensor
    const per = rows * cols * 4;
    const count = Math.ceil((gb * 1e9) / per);
    const fs = statfsSync(tmp);
    const free = fs.bavail * fs.bsize;
    if (free < count * per + 2e9) {
      result.stream = { status: `skipped: ${(free / 1e9).toFixed(1)} GB free, needs ${((count * per) / 1e9 + 2).toFixed(1)} GB` };
    } else {
      const big = join(tmp, 'big.safetensors');
      const block = new Uint8Array(normalF32(rows * cols, 0.02, 7).buffer);
      const size = writeSafetensors(big, Array.from({ length: count }, (_, i) => ({ name: `layer.${i}.weight`, shape: [rows, cols], dtype: 'F32', fill: () => block })));
      console.error(`wrote ${big}: ${(size / 1e9).toFixed(2)} GB`);
      const c = spawnSync(process.execPath, [join(here, 'stream-child.mjs'), big], { encoding: 'utf8', timeout: 3600_000 });
      rmSync(big, { force: true });
      if (c.status !== 0) throw new Error(`stream child failed: ${c.stderr}`);
      const s = JSON.parse(c.stdout.trim());
      result.stream = { fileBytes: size, tensors: count, tensorShape: [rows, cols], ...s, peakRssMiB: s.maxRssBytes / 2 ** 20, target: 'peak RSS < 1 GB while streaming a > 4 GB file', met: s.maxRssBytes < 1e9 };
      console.error(`stream: ${(size / 1e9).toFixed(2)} GB in ${s.seconds.toFixed(1)} s, peak RSS ${(s.maxRssBytes / 2 ** 20).toFixed(0)} MiB`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
result.machine.loadavg = os.loadavg();
const out = join(here, '../results/weights.json');
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.error(`wrote ${out}`);
process.exit(0);
