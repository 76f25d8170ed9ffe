// Training presets at their CLI defaults: every preset for seeds 0-4 on the CPU twin, with the
// measured quantity behind each preset's claim and whether the claim holds, plus the CPU time
// of each run. Results: bench/results/train-presets.json.
//
//   npx vite build && node bench/train/presets.mjs [--seeds 0,1,2,3,4] [--presets grokking,spike]
//
// With --presets, the named presets' entries replace theirs in an existing result file.
//
// CPU seconds are user + system time of this process (the twin is single-threaded), which
// other load on a shared machine inflates less than wall time.
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { train, resolveTrainConfig } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { seeds: { type: 'string', default: '0,1,2,3,4' }, presets: { type: 'string' } } });
const seeds = values.seeds.split(',').map(Number);
const only = values.presets?.split(',');

async function timed(options) {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const r = await train({ backend: 'cpu', ...options });
  const c = process.cpuUsage(c0);
  return { r, cpuSeconds: (c.user + c.system) / 1e6, wallSeconds: (performance.now() - w0) / 1e3 };
}

const ends = (r) => [r.checkpoints[0], r.checkpoints[r.checkpoints.length - 1]];
const firstStep = (r, pred) => r.checkpoints.find(pred)?.step ?? null;

const PRESETS = {
  async 'invariant-bulk'(seed) {
    const t = await timed({ preset: 'invariant-bulk', seed });
    const [a, b] = ends(t.r);
    const m = { outliersEnd: b.layers[0].outliers.length, bulkKsEnd: b.layers[0].bulkKs, ckKsFromInit: b.ck.ksFromInit, testLoss: [a.testLoss, b.testLoss] };
    return { t, m, pass: m.outliersEnd === 0 && m.bulkKsEnd < 0.1 };
  },
  async spike(seed) {
    const t = await timed({ preset: 'spike', seed });
    const [a, b] = ends(t.r);
    const L = b.layers[0];
    const m = { outliersEnd: L.outliers.length, topOverEdge: L.outliers[0] / L.mpEdge, teacherOverlap: [a.teacherOverlap, b.teacherOverlap] };
    return { t, m, pass: m.outliersEnd >= 1 && b.teacherOverlap - a.teacherOverlap >= 0.3 };
  },
  async 'heavy-tail'(seed) {
    const t = await timed({ preset: 'heavy-tail', seed });
    const [a, b] = ends(t.r);
    const m = { alpha: [a.layers[0].alpha, b.layers[0].alpha], tailCount: [a.layers[0].tailCount, b.layers[0].tailCount], outliersEnd: b.layers[0].outliers.length, testLoss: [a.testLoss, b.testLoss] };
    return { t, m, pass: m.alpha[1] <= m.alpha[0] - 1 && m.tailCount[1] >= 10 };
  },
  async grokking(seed) {
    const t = await timed({ preset: 'grokking', seed });
    const noWd = await timed({ preset: 'grokking', seed, weightDecay: 0, ck: false, ntk: false });
    const r = t.r;
    const tMem = firstStep(r, (c) => c.trainAcc >= 0.99);
    const mem = r.checkpoints.find((c) => c.step === tMem);
    const t30 = firstStep(r, (c) => c.testAcc >= 0.3);
    const t90 = firstStep(r, (c) => c.testAcc >= 0.9);
    const t95 = firstStep(r, (c) => c.testAcc >= 0.95);
    const last = r.checkpoints[r.checkpoints.length - 1];
    const erMem = mem.layers[0].effectiveRank;
    const erEnd = last.layers[0].effectiveRank;
    const noWdBest = Math.max(...noWd.r.checkpoints.map((c) => c.testAcc));
    const m = {
      memorisedAt: tMem, testAccAtMemorised: mem.testAcc, testAcc30At: t30, testAcc90At: t90, testAcc95At: t95,
      memorisationSteps: t30 - tMem, riseSteps: t90 === null ? null : t90 - t30,
      finalTestAcc: last.testAcc, finalTrainAcc: last.trainAcc, effectiveRankW1: [erMem, erEnd], effectiveRankDrop: 1 - erEnd / erMem,
      noWeightDecay: { finalTrainAcc: noWd.r.checkpoints.at(-1).trainAcc, bestTestAcc: noWdBest, cpuSeconds: noWd.cpuSeconds },
    };
    const pass = {
      memorisesFirst: mem.testAcc < 0.3,
      generalises: t95 !== null && last.testAcc >= 0.95,
      riseShorterThanMemorisation: t90 !== null && t90 - t30 < t30 - tMem,
      rankDrop30: erEnd <= 0.7 * erMem,
      noWdDoesNotGeneralise: noWdBest < 0.3,
    };
    return { t, m, pass };
  },
  async 'random-labels'(seed) {
    const t = await timed({ preset: 'random-labels', seed });
    const { true: tr, shuffled: sh } = t.r.labelComparison;
    const m = { true: tr, shuffled: sh };
    const higher = sh.layers.map((l, i) => l.stableRank > tr.layers[i].stableRank && l.effectiveRank > tr.layers[i].effectiveRank);
    return { t, m, pass: { shuffledHigherRanksEveryLayer: higher.every(Boolean), shuffledHigherRanksW1: higher[0] } };
  },
};

const dir = join(here, '..', 'results');
const file = join(dir, 'train-presets.json');
const run = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, node: process.version, loadavg: os.loadavg() },
};
const out = only && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { what: 'training presets at their CLI defaults, CPU twin', presets: {} };
for (const [name, run] of Object.entries(PRESETS)) {
  if (only && !only.includes(name)) continue;
  const { seed: _s, ...config } = resolveTrainConfig({ preset: name, backend: 'cpu' });
  const rows = [];
  for (const seed of seeds) {
    const { t, m, pass } = await run(seed);
    const row = { seed, cpuSeconds: +t.cpuSeconds.toFixed(2), wallSeconds: +t.wallSeconds.toFixed(2), ...m, pass };
    rows.push(row);
    console.log(name, JSON.stringify(row));
  }
  out.presets[name] = { ...run, config, seeds: rows };
}
mkdirSync(dir, { recursive: true });
writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
console.log('wrote', file);
