// Aliasing of the S² grid: on the SAME networks (same seed, CPU twin, deterministic), the bias of
// D̂_ℓ (ℓ ≤ lmax) on a grid of band limit G ∈ {2, 3, 4}·lmax against a much finer reference grid,
// in units of the reference's Dse, and the CPU time of each grid.
// ReLU at depth 1 is positively homogeneous, so the conditional estimator is exact up to the grid
// there: its Dse is the grid's own orientation error, and the relative bias is the measure to read.
// Usage: npm run build && node bench/sample/aliasing.mjs [--quick] [--only=relu/2/32]. Results: bench/results/aliasing.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nn from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const width = 256;
// lmax 32 at 64 networks and a reference grid of 5·lmax costs ~30 CPU-minutes; it runs with
// fewer networks and the bias is scaled to 64 networks by √(64/K) (the bias is common to all
// networks, the standard error falls like 1/√K).
const K64 = 64;
const networksFor = (lmax) => (quick ? 4 : lmax <= 8 ? 64 : 8);
const cases = [];
for (const lmax of [8, 32]) {
  for (const activation of ['relu', 'tanh'])
    for (const depth of [1, 3]) cases.push({ activation, depth, lmax });
  // The CLI's default network.
  cases.push({ activation: 'relu', depth: 2, lmax });
}
const only = process.argv.find((a) => a.startsWith('--only='));
if (only) cases.splice(0, cases.length, ...cases.filter((c) => `${c.activation}/${c.depth}/${c.lmax}` === only.slice(7)));
const factors = [2, 3, 4];
const refFactor = (lmax) => (lmax <= 8 ? 6 : 5);
const rows = [];
for (const c of cases) {
  const networks = networksFor(c.lmax);
  const scale = Math.sqrt(K64 / networks);
  const base = { activation: c.activation, depth: c.depth, width, networks, lmax: c.lmax, seed: 0, backend: 'cpu', theory: false };
  const t0 = performance.now();
  const ref = await nn.sampleSpectrum({ ...base, gridLmax: refFactor(c.lmax) * c.lmax });
  const refMs = performance.now() - t0;
  const row = { ...c, width, networks, refGridLmax: refFactor(c.lmax) * c.lmax, refMs: Math.round(refMs), grids: [] };
  for (const f of factors) {
    const t = performance.now();
    const r = await nn.sampleSpectrum({ ...base, gridLmax: f * c.lmax });
    const ms = performance.now() - t;
    let worst = 0;
    let worstL = 0;
    let leak = 0;
    let rel = 0;
    const total = ref.D.reduce((a, b) => a + b, 0);
    for (let l = 0; l <= c.lmax; l++) {
      // Degrees that vanish in every network (ReLU at depth 1: odd ℓ ≥ 3) have Dse at rounding
      // level; the aliasing there is reported as an absolute leak, not in standard errors.
      if (ref.D[l] < 1e-10 * total) {
        leak = Math.max(leak, Math.abs(r.D[l]));
        continue;
      }
      rel = Math.max(rel, Math.abs(r.D[l] - ref.D[l]) / ref.D[l]);
      const z = (r.D[l] - ref.D[l]) / ref.Dse[l];
      if (ref.Dse[l] > 0 && Math.abs(z) > Math.abs(worst)) [worst, worstL] = [z, l];
    }
    row.grids.push({ factor: f, gridLmax: f * c.lmax, maxBiasSe: +worst.toFixed(3), maxBiasSeAt64: +(worst * scale).toFixed(3), atL: worstL, maxRelBias: +rel.toPrecision(2), zeroLeak: +leak.toPrecision(2), ms: Math.round(ms) });
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}
mkdirSync(join(here, '../results'), { recursive: true });
const file = only ? `aliasing-${only.slice(7).replaceAll('/', '-')}.json` : 'aliasing.json';
writeFileSync(join(here, '../results', file), JSON.stringify({ date: new Date().toISOString(), quick, rows }, null, 1) + '\n');
