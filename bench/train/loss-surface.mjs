// Loss-surface presets at their CLI defaults on the CPU twin, seeds 0–4: linear mode
// connectivity (`--preset lmc`), lottery tickets (`--preset lottery`) and singular-value pruning
// (`--sv-prune`, on both). Checks the phenomena per seed, times every run (wall and CPU), writes
// bench/results/loss-surface.json and the barrier-vs-agreement plot docs/loss-surface-lmc.svg.
//
//   npx vite build && node bench/train/loss-surface.mjs [--seeds 0,1,2,3,4] [--backend cpu]
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { train, releaseDevice } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { seeds: { type: 'string', default: '0,1,2,3,4' }, backend: { type: 'string', default: 'cpu' } } });
const seeds = values.seeds.split(',').map(Number);
const backend = values.backend;

async function timed(options) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await train({ ...options, backend });
  const c = process.cpuUsage(c0);
  return { r, wallS: (performance.now() - t0) / 1000, cpuS: (c.user + c.system) / 1e6 };
}

const runs = [];
for (const seed of seeds) {
  const lmc = await timed({ preset: 'lmc', seed, svPrune: true });
  const lot = await timed({ preset: 'lottery', seed, svPrune: true });
  const L = lmc.r.lmc;
  const late = L.splits[L.splits.length - 1];
  const T = lot.r.lottery;
  const checks = {
    controlBarrierAboveLateSplit: L.control.barrier > late.barrier + 0.3,
    controlAgreementBelowLateSplit: L.control.svAgreement < late.svAgreement,
    spearmanAtMostMinus07: L.spearman <= -0.7,
    magnitudeAboveRandomTestAcc: T.magnitude.testAcc > T.random.testAcc,
    magnitudeAboveRandomAgreement: T.magnitude.svAgreement > T.random.svAgreement,
    topLossCloseBottomFar: [lmc.r.svPrune, lot.r.svPrune].every(
      (sp) => sp.topLoss - sp.fullLoss < 0.1 * (sp.bottomLoss - sp.fullLoss) && sp.bottomLoss > 10 * sp.fullLoss,
    ),
  };
  const row = {
    seed,
    lmc: { ...L, svPrune: lmc.r.svPrune, finalTrainLoss: lmc.r.checkpoints.at(-1).trainLoss, finalTestAcc: lmc.r.checkpoints.at(-1).testAcc, wallS: lmc.wallS, cpuS: lmc.cpuS },
    lottery: { ...T, svPrune: lot.r.svPrune, wallS: lot.wallS, cpuS: lot.cpuS },
    checks,
    pass: Object.values(checks).every(Boolean),
  };
  runs.push(row);
  const f = (x) => x.toPrecision(3);
  console.log(
    `seed ${seed}: control ${f(L.control.barrier)}/${f(L.control.svAgreement)} late ${f(late.barrier)}/${f(late.svAgreement)} rho ${f(L.spearman)} | ` +
      `acc mag ${T.magnitude.testAcc} rnd ${T.random.testAcc} agr ${f(T.magnitude.svAgreement)} ${f(T.random.svAgreement)} | ` +
      `sv ${f(lot.r.svPrune.fullLoss)} ${f(lot.r.svPrune.topLoss)} ${f(lot.r.svPrune.bottomLoss)} | lmc ${lmc.wallS.toFixed(1)} s (cpu ${lmc.cpuS.toFixed(1)}), lottery ${lot.wallS.toFixed(1)} s (cpu ${lot.cpuS.toFixed(1)}) ${row.pass ? 'PASS' : 'FAIL'}`,
  );
}
releaseDevice?.();

const out = {
  what: 'loss-surface presets (lmc, lottery, --sv-prune) at the CLI defaults',
  command: `nnspectra train --preset lmc|lottery --sv-prune --seed S --backend ${backend}`,
  backend,
  host: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg() },
  note: 'wallS is wall-clock on a shared machine; cpuS is the process CPU time of the run (default monitors on)',
  allPass: runs.every((r) => r.pass),
  runs,
};
mkdirSync(join(here, '../results'), { recursive: true });
writeFileSync(join(here, '../results/loss-surface.json'), JSON.stringify(out, null, 2) + '\n');

// Barrier (log scale, 0 drawn at the floor) against agreement, every pair of every seed.
const W = 640, H = 420, m = { l: 70, r: 170, t: 30, b: 50 };
const floor = 1e-5;
const lx = (a) => m.l + a * (W - m.l - m.r);
const ly = (b) => {
  const v = Math.log10(Math.max(b, floor));
  return m.t + ((0 - v) / 5) * (H - m.t - m.b);
};
const pts = [];
const kinds = { split: '#1f77b4', control: '#d62728', perturbation: '#ff7f0e' };
for (const r of runs) {
  for (const p of r.lmc.splits) pts.push({ k: 'split', a: p.svAgreement, b: p.barrier });
  pts.push({ k: 'control', a: r.lmc.control.svAgreement, b: r.lmc.control.barrier });
  for (const p of r.lmc.perturbation) if (p.eta > 0) pts.push({ k: 'perturbation', a: p.svAgreement, b: p.barrier, eta: p.eta });
}
const svg = [];
svg.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`);
svg.push(`<rect width="${W}" height="${H}" fill="white"/>`);
svg.push(`<text x="${W / 2 - 60}" y="18" text-anchor="middle" font-size="14">Loss barrier vs top-10 singular-vector agreement (seeds ${seeds.join(', ')})</text>`);
for (let e = 0; e >= -5; e--) {
  const y = ly(10 ** e);
  svg.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
  svg.push(`<text x="${m.l - 6}" y="${y + 4}" text-anchor="end">${e === -5 ? '≤1e-5' : `1e${e}`}</text>`);
}
for (let a = 0; a <= 1.0001; a += 0.2) {
  const x = lx(a);
  svg.push(`<line x1="${x}" x2="${x}" y1="${m.t}" y2="${H - m.b}" stroke="#eee"/>`);
  svg.push(`<text x="${x}" y="${H - m.b + 16}" text-anchor="middle">${a.toFixed(1)}</text>`);
}
svg.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>`);
svg.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 12}" text-anchor="middle">svAgreement (mean over hidden layers)</text>`);
svg.push(`<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">barrier (train loss)</text>`);
for (const p of pts) {
  const r = p.k === 'perturbation' ? 3 + 1.5 * Math.log2(1 + 4 * p.eta) : 4;
  svg.push(`<circle cx="${lx(p.a).toFixed(1)}" cy="${ly(p.b).toFixed(1)}" r="${r.toFixed(1)}" fill="${kinds[p.k]}" fill-opacity="0.6" stroke="${kinds[p.k]}"/>`);
}
const legend = [['split', 'branches of one trunk'], ['control', 'two initialisations'], ['perturbation', 'late split + noise η']];
legend.forEach(([k, label], i) => {
  const y = m.t + 20 + i * 22;
  svg.push(`<circle cx="${W - m.r + 16}" cy="${y - 4}" r="5" fill="${kinds[k]}" fill-opacity="0.6" stroke="${kinds[k]}"/>`);
  svg.push(`<text x="${W - m.r + 26}" y="${y}">${label}</text>`);
});
svg.push(`<text x="${W - m.r + 10}" y="${m.t + 100}" font-size="11">(marker grows with η)</text>`);
svg.push('</svg>');
mkdirSync(join(here, '../../docs'), { recursive: true });
writeFileSync(join(here, '../../docs/loss-surface-lmc.svg'), svg.join('\n') + '\n');
console.log(`all pass: ${out.allPass}; wrote bench/results/loss-surface.json and docs/loss-surface-lmc.svg`);
