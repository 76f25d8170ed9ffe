// One large GPU eigh checked against the float64 twin (n = 4096):
// eigenvalues values-only and with vectors, orthonormality and residual ‖Ax − λx‖ on sampled
// eigenvectors. Too slow for CI on SwiftShader (about an hour at n = 4096); seconds on a GPU.
//
//   npx vite build && node bench/linalg/verify-large.mjs [--n 4096] [--sample 48]
// Result: bench/results/linalg-large.json
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { eigh, getGpu, describeAdapter, releaseDevice } from '../../dist/index.js';

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '4096' }, sample: { type: 'string', default: '48' } } });
const n = Number(args.n), sample = Number(args.sample);
const here = dirname(fileURLToPath(import.meta.url));
let s = 20261123;
const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5);
const a = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rnd();
const a32 = Float32Array.from(a);
const log = (msg) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
const progress = (what) => ({ onProgress: (p) => log(`${what} ${p.phase ?? ''} ${p.done}/${p.total}`) });

const info = (await getGpu()).adapter;
const adapter = { ...info, text: describeAdapter(info) };
log(`adapter ${adapter.text}`);
let t0 = performance.now();
const ref = await eigh(a, n, { backend: 'cpu' });
const cpuSeconds = (performance.now() - t0) / 1000;
log(`float64 twin ${cpuSeconds.toFixed(1)} s`);
const maxAbs = ref.values.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const valueError = (v) => v.reduce((m, x, i) => Math.max(m, Math.abs(x - ref.values[i])), 0) / maxAbs;

t0 = performance.now();
const vals = await eigh(a32, n, { backend: 'webgpu', ...progress('values') });
const valuesSeconds = (performance.now() - t0) / 1000;
log(`values only ${valuesSeconds.toFixed(1)} s`);
t0 = performance.now();
const vec = await eigh(a32, n, { backend: 'webgpu', vectors: true, ...progress('vectors') });
const vectorsSeconds = (performance.now() - t0) / 1000;
log(`with vectors ${vectorsSeconds.toFixed(1)} s`);

// Sampled columns: orthonormality among them and residuals against the float64 matrix.
const cols = Array.from({ length: Math.min(sample, n) }, (_, k) => Math.floor((k * (n - 1)) / Math.max(1, sample - 1)));
const col = (j) => Float64Array.from({ length: n }, (_, i) => vec.vectors[i * n + j]);
const X = cols.map(col);
let ortho = 0, residual = 0;
for (let p = 0; p < X.length; p++) {
  for (let q = p; q < X.length; q++) {
    let d = 0;
    for (let i = 0; i < n; i++) d += X[p][i] * X[q][i];
    ortho = Math.max(ortho, Math.abs(d - (p === q ? 1 : 0)));
  }
  const lam = vec.values[cols[p]];
  let r2 = 0;
  for (let i = 0; i < n; i++) {
    let y = 0;
    for (let j = 0; j < n; j++) y += a[i * n + j] * X[p][j];
    r2 += (y - lam * X[p][i]) ** 2;
  }
  residual = Math.max(residual, Math.sqrt(r2) / maxAbs);
}
const result = {
  date: new Date().toISOString(),
  adapter,
  n,
  sampledVectors: cols.length,
  seconds: { float64Twin: cpuSeconds, gpuValuesOnly: valuesSeconds, gpuWithVectors: vectorsSeconds },
  valuesOnlyMaxRelError: valueError(vals.values),
  withVectorsMaxRelError: valueError(vec.values),
  orthonormality: ortho,
  residual,
  bounds: { values: 1e-5, orthonormality: 1e-4, residual: 1e-4 },
};
result.pass = result.valuesOnlyMaxRelError <= 1e-5 && result.withVectorsMaxRelError <= 1e-5 && ortho <= 1e-4 && residual <= 1e-4;
writeFileSync(join(here, '..', 'results', 'linalg-large.json'), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result));
releaseDevice();
process.exit(result.pass ? 0 : 1);
