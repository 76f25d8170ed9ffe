// Linear-algebra benchmark: eigh (n = 256, 1024, 2048) and svd (1024×4096) on the CPU twin and
// on WebGPU, against numpy/LAPACK measured in the same run on the same matrices (which also
// gives the accuracy of our results against LAPACK). Results: bench/results/linalg.json.
//
//   npx vite build && node bench/linalg/bench.mjs [--quick] [--only eigh|svd] [--gpu-max-n N] [--gpu-svd MxN]
//
// On a machine without a GPU, WebGPU runs on SwiftShader (CPU Vulkan, ~0.5 GFLOP/s, several ms
// per dispatch): GPU sizes are capped (--gpu-max-n) and the result says which adapter ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eigh, svd, getGpu, describeAdapter, releaseDevice } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const gpuMaxNArg = opt('--gpu-max-n', null);
const [gsm, gsn] = opt('--gpu-svd', '64x256').split('x').map(Number);
const only = opt('--only', null); // 'eigh' or 'svd': run one half (results file gets a suffix)
const eighSizes = only === 'svd' ? [] : quick ? [256, 512] : [256, 1024, 2048];
const [svdM, svdN] = quick ? [256, 1024] : [1024, 4096];

function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}
function symmetric(n, seed) {
  const r = lcg(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = r();
  return a;
}
function general(m, n, seed) {
  const r = lcg(seed);
  return Float64Array.from({ length: m * n }, r);
}

const tmp = join(os.tmpdir(), `nnspectra-bench-${process.pid}`);
mkdirSync(tmp, { recursive: true });

/** numpy on the same matrix: times (best of reps) and its values, for accuracy. */
function numpy(kind, a, m, n, reps, threads) {
  const f = join(tmp, 'a.bin');
  writeFileSync(f, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  const py = `
import numpy as np, time, json, sys
a = np.fromfile(${JSON.stringify(f)}, dtype=np.float64).reshape(${m}, ${n})
def best(fn):
    fn()
    t = []; c = []
    for _ in range(${reps}):
        s = time.perf_counter(); s2 = time.process_time(); r = fn()
        t.append(time.perf_counter() - s); c.append(time.process_time() - s2)
    return min(t), min(c), r
out = {}
if ${JSON.stringify(kind)} == 'eigh':
    out['values_s'], out['values_cpu_s'], v = best(lambda: np.linalg.eigvalsh(a))
    out['vectors_s'], out['vectors_cpu_s'], _ = best(lambda: np.linalg.eigh(a))
else:
    out['values_s'], out['values_cpu_s'], v = best(lambda: np.linalg.svd(a, compute_uv=False))
    out['vectors_s'], out['vectors_cpu_s'], _ = best(lambda: np.linalg.svd(a, full_matrices=False))
v.astype(np.float64).tofile(${JSON.stringify(join(tmp, 'v.bin'))})
out['numpy'] = np.__version__
print(json.dumps(out))
`;
  const env = { ...process.env };
  if (threads) for (const k of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS']) env[k] = String(threads);
  const r = spawnSync('python3', ['-c', py], { encoding: 'utf8', env });
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').pop() };
  const out = JSON.parse(r.stdout);
  const buf = readFileSync(join(tmp, 'v.bin'));
  out.values = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8).slice();
  return out;
}

/** Best wall and CPU (user + system) seconds of `reps` runs, after one warm-up run for the JIT. */
async function time(fn, reps, warm = true) {
  let best = Infinity, bestCpu = Infinity, res;
  if (warm) res = await fn();
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    res = await fn();
    const d = process.cpuUsage(c);
    best = Math.min(best, (performance.now() - t) / 1000);
    bestCpu = Math.min(bestCpu, (d.user + d.system) / 1e6);
  }
  return { s: best, cpu: bestCpu, res };
}

const maxRelDiff = (a, b) => {
  let m = 0, s = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return m / s;
};

let adapter = null;
try {
  adapter = (await getGpu()).adapter;
} catch (e) {
  adapter = { error: String(e.message ?? e) };
}
// SwiftShader: ~10 s for eigvalsh at n = 256 (thousands of dispatches at several ms each).
const gpuMaxN = gpuMaxNArg !== null ? +gpuMaxNArg : adapter.software ? 256 : 4096;
const results = [];
const log = (r) => {
  results.push(r);
  console.log(JSON.stringify(r));
};

for (const n of eighSizes) {
  const a = symmetric(n, n);
  const reps = n <= 1024 ? 3 : 1; // best of 3 (ours and numpy alike) where a run is short: this box is noisy
  const np = numpy('eigh', a, n, n, reps);
  const np1 = numpy('eigh', a, n, n, reps, 1);
  for (const vectors of [false, true]) {
    const c = await time(() => eigh(a, n, { backend: 'cpu', vectors }), reps, n <= 1024);
    const ref = vectors ? np.vectors_s : np.values_s;
    const ref1 = vectors ? np1.vectors_s : np1.values_s;
    const cpu1 = vectors ? np1.vectors_cpu_s : np1.values_cpu_s;
    log({
      op: vectors ? 'eigh' : 'eigvalsh', n, backend: 'cpu', seconds: c.s, cpuSeconds: c.cpu, numpySeconds: ref, ratioToNumpy: c.s / ref,
      numpy1ThreadSeconds: ref1, ratioToNumpy1Thread: c.s / ref1, numpy1ThreadCpuSeconds: cpu1, cpuRatioToNumpy1Thread: c.cpu / cpu1,
      maxRelDiffToLapack: np.values ? maxRelDiff(c.res.values, np.values) : null,
    });
    if (!adapter.error && n <= gpuMaxN) {
      const g = await time(() => eigh(Float32Array.from(a), n, { backend: 'webgpu', vectors }), 1, false);
      log({
        op: vectors ? 'eigh' : 'eigvalsh', n, backend: 'webgpu', seconds: g.s, numpySeconds: ref, ratioToNumpy: g.s / ref,
        maxRelDiffToLapack: np.values ? maxRelDiff(g.res.values, np.values) : null,
      });
    }
  }
}

if (only !== 'eigh') {
  const a = general(svdM, svdN, 7);
  const np = numpy('svd', a, svdM, svdN, 1);
  const np1 = numpy('svd', a, svdM, svdN, 1, 1);
  for (const k of [0, 10]) {
    const c = await time(() => svd(a, svdM, svdN, { backend: 'cpu', k }), 1, false);
    const ref = k ? np.vectors_s : np.values_s;
    const ref1 = k ? np1.vectors_s : np1.values_s;
    const cpu1 = k ? np1.vectors_cpu_s : np1.values_cpu_s;
    log({
      op: k ? `svd(k=${k})` : 'svdvals', m: svdM, n: svdN, backend: 'cpu', seconds: c.s, cpuSeconds: c.cpu,
      numpySeconds: ref, numpyNote: k ? 'numpy computes all min(m,n) vectors' : undefined,
      ratioToNumpy: c.s / ref, numpy1ThreadSeconds: ref1, ratioToNumpy1Thread: c.s / ref1,
      numpy1ThreadCpuSeconds: cpu1, cpuRatioToNumpy1Thread: c.cpu / cpu1,
      maxRelDiffToLapack: maxRelDiff(c.res.values, np.values),
    });
  }
}
if (!adapter.error && only !== 'eigh') {
  // The GPU svd (QR, then the 2·min(m,n) augmented eigenproblem) is sized down on software adapters.
  const [m, n] = adapter.software ? [gsm, gsn] : [svdM, svdN];
  const a = general(m, n, 8);
  const np = numpy('svd', a, m, n, 1);
  const g = await time(() => svd(Float32Array.from(a), m, n, { backend: 'webgpu' }), 1, false);
  log({
    op: 'svdvals', m, n, backend: 'webgpu', seconds: g.s, numpySeconds: np.values_s, ratioToNumpy: g.s / np.values_s,
    maxRelDiffToLapack: maxRelDiff(g.res.values, np.values),
  });
}

rmSync(tmp, { recursive: true, force: true });
// The CPU target: the twin within 3x of LAPACK (numpy, default threads) for eigenvalues at n = 1024.
const t1024 = results.find((r) => r.op === 'eigvalsh' && r.n === 1024 && r.backend === 'cpu');
const targets = t1024
  ? [{ target: 'cpu eigvalsh n=1024 within 3x of LAPACK', ratio: t1024.ratioToNumpy, ratio1Thread: t1024.ratioToNumpy1Thread, cpuRatio1Thread: t1024.cpuRatioToNumpy1Thread, met: t1024.ratioToNumpy <= 3 }]
  : [];
// The GPU target: WebGPU eigh (values) at n = 2048 within 2x of torch.linalg.eigvalsh, when
// bench/linalg/torch_ref.py has run on this machine first (its results file names the device).
const g2048 = results.find((r) => r.op === 'eigvalsh' && r.n === 2048 && r.backend === 'webgpu');
const torchFile = join(here, '..', 'results', 'linalg-torch.json');
if (g2048 && existsSync(torchFile)) {
  const torch = JSON.parse(readFileSync(torchFile, 'utf8'));
  const ref = torch.results.find((r) => r.op === 'eigvalsh' && r.n === 2048);
  if (ref) {
    const ratio = g2048.seconds / ref.seconds;
    targets.push({
      target: 'webgpu eigvalsh n=2048 within 2x of torch.linalg.eigvalsh',
      seconds: g2048.seconds, torchSeconds: ref.seconds, torchDevice: torch.device, torchDate: torch.date, ratio, met: ratio <= 2,
    });
  }
}
const out = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadavg: os.loadavg(), node: process.version },
  adapter: adapter.error ? adapter : { ...adapter, text: describeAdapter(adapter) },
  notes: [
    'numpy/LAPACK (OpenBLAS) timed in the same run on the same matrices; ratioToNumpy = ours / numpy with its default threads, ratioToNumpy1Thread = ours / numpy with OPENBLAS_NUM_THREADS=1 (our CPU twin is single-threaded).',
    'The machine is shared: loadavg is recorded. Under load wall times inflate unevenly, so cpuSeconds (process CPU time, our JS is single-threaded) against numpy1ThreadCpuSeconds (time.process_time with one OpenBLAS thread) is the robust comparison: cpuRatioToNumpy1Thread.',
    'webgpu on a software adapter (SwiftShader) measures correctness and overheads, not GPU speed.',
    'maxRelDiffToLapack = max |λ_ours - λ_lapack| / max |λ_lapack| (float32 for webgpu).',
  ],
  targets,
  results,
};
const file = join(here, '..', 'results', `linalg${quick ? '-quick' : ''}${only ? `-${only}` : ''}.json`);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${file}`);
await releaseDevice();
