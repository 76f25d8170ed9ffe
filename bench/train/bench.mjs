// Training-lab benchmark: steps per second of the teacher task (f(x) = aᵀφ(Wx/√d)/√n, full-batch
// GD on W) at n = d = 1024, N = 2048, and the time of one monitor pass (SVD of W, CK and NTK
// spectra on 256 samples, MP/power-law fits), on the CPU twin and on WebGPU; numpy runs the
// same step (float64 and float32) in the same process tree as the reference for the ratios.
// Results: bench/results/train.json.
//
//   npx vite build && node bench/train/bench.mjs [--quick] [--size 1024] [--n-train 2048] [--steps 3] [--gpu-monitor-n 64]
//
// Without a GPU, WebGPU is SwiftShader (CPU Vulkan, ~0.5 GFLOP/s): the GPU monitor pass runs at
// --gpu-monitor-n (its SVD goes through a (m+n)² eigenproblem), and the result names the adapter.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Trainer, getGpu, describeAdapter, releaseDevice } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const size = +opt('--size', quick ? '256' : '1024');
const N = +opt('--n-train', String(2 * size));
const steps = +opt('--steps', '3');
const gpuMonitorN = +opt('--gpu-monitor-n', '64');
const kernelSamples = 256;

const base = { task: 'teacher', d: size, width: size, nTrain: N, nTest: 256, lr: 1, kernelSamples, activation: 'tanh' };

/**
 * Steps per second on `backend`: a run without monitors, whose first checkpoint costs one
 * evaluation (train and test forward) and whose second costs `steps` steps plus the same
 * evaluation; then the monitor pass alone (a run with monitors, minus its evaluation).
 */
async function timeRun(backend, monitorBackend, o = {}) {
  const stepsRun = await Trainer.create({ ...base, ...o, steps, every: steps, backend, monitors: false });
  const it = stepsRun.checkpoints();
  const t1 = performance.now();
  await it.next();
  const t2 = performance.now();
  await it.next();
  const t3 = performance.now();
  stepsRun.destroy();
  const evalS = (t2 - t1) / 1000;
  const stepS = Math.max(1e-9, (t3 - t2) / 1000 - evalS) / steps;
  const monRun = await Trainer.create({ ...base, ...o, steps: 0, every: 1, backend, monitorBackend });
  const t4 = performance.now();
  await monRun.checkpoints().next();
  const raw = (performance.now() - t4) / 1000 - evalS;
  // On a loaded software adapter the evaluation's own jitter can exceed a CPU-side monitor pass.
  const monitorS = raw > 0 ? raw : null;
  monRun.destroy();
  return { backend: stepsRun.backend, monitorBackend, evalS, stepS, stepsPerS: 1 / stepS, monitorS };
}

function numpyStep(dtype, reps = 3) {
  const py = `
import numpy as np, time, json
rng = np.random.default_rng(0)
d, n, N = ${size}, ${size}, ${N}
X = rng.standard_normal((N, d)).astype(np.${dtype}); y = rng.standard_normal(N).astype(np.${dtype})
W = rng.standard_normal((n, d)).astype(np.${dtype}); a = rng.standard_normal(n).astype(np.${dtype})
def step(W):
    Z = X @ W.T / np.sqrt(d); A = np.tanh(Z); f = A @ a / np.sqrt(n)
    g = (f - y) / N
    dZ = np.outer(g, a / np.sqrt(n)) * (1 - A * A)
    G = dZ.T @ X / np.sqrt(d)
    return W - 1.0 * G
best = 1e9
for _ in range(${reps}):
    s = time.perf_counter(); W = step(W); best = min(best, time.perf_counter() - s)
print(json.dumps({"stepS": best, "stepsPerS": 1 / best}))
`;
  const r = spawnSync('python3', ['-c', py], { encoding: 'utf8' });
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').pop() };
  return JSON.parse(r.stdout);
}

const flopsPerStep = 2 * N * size * size * 2 + 4 * N * size; // forward X Wᵀ, gradient dZᵀ X
const out = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  task: { d: size, n: size, N, optimizer: 'gd', trainedLayers: 'first', kernelSamples, steps },
  flopsPerStep,
};
out.numpy = { float64: numpyStep('float64'), float32: numpyStep('float32') };
console.error('numpy', JSON.stringify(out.numpy));
out.cpu = await timeRun('cpu', 'cpu');
console.error('cpu', JSON.stringify(out.cpu));
try {
  const gpu = await getGpu();
  out.adapter = describeAdapter(gpu.adapter);
  out.adapterSoftware = gpu.adapter.software;
  // Steps on the GPU; its monitor pass uses the CPU eigensolvers here (GPU SVD below).
  out.webgpu = await timeRun('webgpu', 'cpu');
  console.error('webgpu', JSON.stringify(out.webgpu));
  const small = { d: gpuMonitorN, width: gpuMonitorN, nTrain: 2 * gpuMonitorN, kernelSamples: Math.min(kernelSamples, gpuMonitorN) };
  out.monitorSmall = {
    n: gpuMonitorN,
    webgpu: (await timeRun('webgpu', 'webgpu', small)).monitorS,
    cpu: (await timeRun('cpu', 'cpu', small)).monitorS,
  };
  console.error('monitor', JSON.stringify(out.monitorSmall));
} catch (e) {
  out.webgpu = { error: String(e.message ?? e) };
}
const r = (a, b) => (a && b ? a / b : null);
out.ratios = {
  cpuStepsPerS_over_numpy64: r(out.cpu.stepsPerS, out.numpy.float64.stepsPerS),
  webgpuStepsPerS_over_numpy32: r(out.webgpu?.stepsPerS, out.numpy.float32.stepsPerS),
  webgpuStepsPerS_over_cpu: r(out.webgpu?.stepsPerS, out.cpu.stepsPerS),
};
out.gflops = {
  cpu: flopsPerStep / out.cpu.stepS / 1e9,
  webgpu: out.webgpu?.stepS ? flopsPerStep / out.webgpu.stepS / 1e9 : null,
  numpy64: flopsPerStep / out.numpy.float64.stepS / 1e9,
  numpy32: flopsPerStep / out.numpy.float32.stepS / 1e9,
};
await releaseDevice();
mkdirSync(join(here, '../results'), { recursive: true });
const file = join(here, '../results', size === 1024 && N === 2048 ? 'train.json' : `train-${size}.json`);
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
process.exit(0);
