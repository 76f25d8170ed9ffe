/** `nnspectra theory`: infinite-width spectra D_ℓ, C_ℓ per depth; `--phase-diagram` for (σ_w², σ_b²) maps. */
import type { Command } from 'commander';
import { invalidParam } from '../../errors.js';
import { action } from '../run.js';
import { grammar, outputOptions } from '../grammar.js';

import { flushStdout, fmtNum, outputFormat, quietOnClosedPipe, printCsv, printJson, printTable } from '../output.js';
import { progressBar } from '../progress.js';
import { theorySpectrum, MAX_DEPTH, type TheoryResult } from '../../theory/spectrum.js';
import { hermiteCoefficients, phaseDiagram } from '../../theory/regimes.js';

/** Defaults of `nnspectra theory` with no arguments. */
export const THEORY_DEFAULTS = { activation: 'tanh', depth: '1,2,5,10', dim: 3, lmax: 64 } as const;

/** "1,2,5", "1:10" (inclusive), "1:100:10" (step), or a mix: "1:5,10,20". */
export function parseDepthList(s: string): number[] {
  const accepted = `a list like 1,2,5 or a range like 1:10 (integers in [1, ${MAX_DEPTH}])`;
  const out: number[] = [];
  for (const part of s.split(',')) {
    const p = part.trim();
    const m = /^(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(p);
    if (!m) invalidParam('depth', accepted, s);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (a < 1 || b > MAX_DEPTH || b < a || step < 1) invalidParam('depth', accepted, s);
    for (let d = a; d <= b; d += step) out.push(d);
  }
  return out;
}

function parseIntArg(name: string, s: string | undefined, dflt: number): number {
  if (s === undefined) return dflt;
  if (!/^\s*-?\d+\s*$/.test(s)) invalidParam(name, 'an integer', s);
  return Number(s);
}

function parseNumArg(name: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v)) invalidParam(name, 'a finite number', s);
  return v;
}

interface TheoryOpts {
  activation: string;
  depth: string;
  dim?: string;
  lmax?: string;
  sigmaB2?: string;
  sigmaW2?: string;
  raw?: boolean;
  json?: boolean;
  csv?: boolean;
  phaseDiagram?: boolean;
  grid?: string;
  sw2Max?: string;
  sb2Max?: string;
}

export function registerTheory(program: Command): void {
  const cmd = program
    .command('theory')
    .description(
      'Angular power spectrum of an infinitely wide random network on the sphere S^{d-1}: D_l (law of the multipole), C_l, tail mass and moments per depth, with kappa\'(1) and the regime.',
    )
    .option('--activation <name|expr>', 'built-in (relu, tanh, leaky_relu:0.2, elu:1.5, relu_pow:3, ...) or an expression in x such as "x*tanh(x)"', THEORY_DEFAULTS.activation)
    .option('--depth <list>', 'depths L (hidden layers): 1,2,5 or 1:10 or 1:100:10 (1..200)', THEORY_DEFAULTS.depth)
    .option('--dim <d>', 'ambient dimension d, inputs on S^{d-1} (2..100)', String(THEORY_DEFAULTS.dim))
    .option('--lmax <l>', 'highest multipole (0..2048; large d allows less, the refusal says how much)', String(THEORY_DEFAULTS.lmax))
    .option('--sigma-b2 <B>', 'bias variance (normalized mode: 0 <= B < 1; default 0)')
    .option('--raw', 'raw mode: use --sigma-w2 and --sigma-b2 as given (default: normalized, unit layer variance)')
    .option('--sigma-w2 <W>', 'raw mode: hidden weight variance times width (default 1)')
    .option('--phase-diagram', "raw-mode phase diagram of kappa'(1) over (sigma-w2, sigma-b2) with the critical line")
    .option('--grid <n>', 'phase diagram: grid points per axis (2..512)', '64')
    .option('--sw2-max <W>', 'phase diagram: largest sigma-w2 (grid from W/n to W)', '4')
    .option('--sb2-max <B>', 'phase diagram: largest sigma-b2 (grid from 0 to B)', '1');
  outputOptions(cmd, { csv: 'print CSV rows depth,l,D,C (phase diagram: sigmaB2,sigmaW2,kappaPrime1,regime,qStar)' });
  cmd.addHelpText(
    'after',
    `
Output: a table (default), --json {activation, dim, lmax, mode, sigmaW2, sigmaB2, kappaPrime1,
regime, qStar, depths: [{depth, D, C, tailMass, meanX, sobolev, sobolevFull, variance}], method,
nodes, roundoff, warnings, offspring}, or --csv.`,
  );
  grammar(cmd, {
    examples: [
      'nnspectra theory --activation relu --depth 1:5 --lmax 16',
      'nnspectra theory --activation "x*tanh(x)" --depth 1,10,50 --lmax 1024 --json',
      'nnspectra theory --activation tanh --raw --sigma-w2 2 --sigma-b2 0.1 --depth 1,10',
      'nnspectra theory --activation tanh --phase-diagram --grid 32 --csv',
    ],
    context: (o) => ({ phase: o.phaseDiagram === true, raw: o.raw === true }),
    describe: (c) => (c.phase ? '--phase-diagram' : c.raw ? 'a spectrum, --raw' : 'a spectrum, normalized mode'),
    rules: [
      { flags: ['grid', 'sw2-max', 'sb2-max'], only: 'with --phase-diagram', applies: (c) => c.phase },
      { flags: ['depth', 'dim', 'lmax', 'sigma-b2', 'raw'], only: "without --phase-diagram (the diagram maps kappa'(1) over both variances)", applies: (c) => !c.phase },
      { flags: ['sigma-w2'], only: 'with --raw, to a spectrum', applies: (c) => c.raw && !c.phase },
    ],
  });
  cmd
    .action(
      action(async (o: TheoryOpts) => {
        quietOnClosedPipe();
        const fmt = outputFormat(o);
        if (o.phaseDiagram) {
          runPhaseDiagram(o, fmt);
          return flushStdout();
        }
        const depths = parseDepthList(o.depth);
        const dim = parseIntArg('dim', o.dim, THEORY_DEFAULTS.dim);
        const lmax = parseIntArg('lmax', o.lmax, THEORY_DEFAULTS.lmax);
        const sigmaB2 = parseNumArg('sigma-b2', o.sigmaB2);
        const sigmaW2 = parseNumArg('sigma-w2', o.sigmaW2);
        const bar = progressBar('theory');
        let r: TheoryResult;
        try {
          r = theorySpectrum(
            { activation: o.activation, depths, dim, lmax, mode: o.raw ? 'raw' : 'normalized', sigmaW2, sigmaB2 },
            { onProgress: bar.onProgress },
          );
        } finally {
          bar.stop();
        }
        for (const w of r.warnings) process.stderr.write(`nnspectra: warning: ${w}\n`);
        if (fmt === 'json') {
          const offspring = r.mode === 'normalized' ? hermiteCoefficients(o.activation, { count: 64, sigmaB2: r.sigmaB2 }) : undefined;
          printJson({ ...r, offspring: offspring && { beta: offspring.beta, sum: offspring.sum, mean: offspring.mean } });
        } else if (fmt === 'csv') {
          const rows: unknown[][] = [];
          for (const d of r.depths) for (let l = 0; l <= r.lmax; l++) rows.push([d.depth, l, d.D[l], d.C[l]]);
          printCsv(['depth', 'l', 'D', 'C'], rows);
        } else {
          printTheoryTable(r);
        }
        await flushStdout();
      }),
    );
}

function printTheoryTable(r: TheoryResult): void {
  const kp = Number.isFinite(r.kappaPrime1) ? fmtNum(r.kappaPrime1, 6) : '+inf';
  const title =
    `activation ${r.activation} on S^${r.dim - 1} (d = ${r.dim}), ${r.mode} mode: sigma_w2 = ${fmtNum(r.sigmaW2)}, sigma_b2 = ${fmtNum(r.sigmaB2)}\n` +
    `kappa'(1) = ${kp}  ->  ${r.regime}`;
  printTable(
    ['depth', 'tail mass (l > lmax)', 'E[X] (l <= lmax)', 'E[X(X+d-2)] (l <= lmax)', '(d-1) K\'(1)/K(1)'],
    r.depths.map((d) => [d.depth, d.tailMass, d.meanX, d.sobolev, Number.isFinite(d.sobolevFull) ? d.sobolevFull : '+inf']),
    title,
  );
  printTable(
    ['l', ...r.depths.map((d) => `D_l (L=${d.depth})`)],
    Array.from({ length: r.lmax + 1 }, (_, l) => [l, ...r.depths.map((d) => d.D[l])]),
    `D_l = P(X_L = l), the normalized angular power spectrum\n(rounding error below ${fmtNum(r.roundoff, 2)}; rounding-level negatives shown as 0):`,
  );
}

function runPhaseDiagram(o: TheoryOpts, fmt: 'table' | 'json' | 'csv'): void {
  const n = parseIntArg('grid', o.grid, 64);
  if (n < 2 || n > 512) invalidParam('grid', 'an integer in [2, 512]', o.grid);
  const swMax = parseNumArg('sw2-max', o.sw2Max) ?? 4;
  const sbMax = parseNumArg('sb2-max', o.sb2Max) ?? 1;
  if (!(swMax > 0) || swMax > 1e6) invalidParam('sw2-max', 'a number in (0, 1e6]', o.sw2Max);
  if (!(sbMax >= 0) || sbMax > 1e6) invalidParam('sb2-max', 'a number in [0, 1e6]', o.sb2Max);
  const bar = progressBar('phase diagram');
  let p;
  try {
    p = phaseDiagram(
      { activation: o.activation, sigmaW2: { min: swMax / n, max: swMax, n }, sigmaB2: { min: 0, max: sbMax, n } },
      { onProgress: bar.onProgress },
    );
  } finally {
    bar.stop();
  }
  if (fmt === 'json') return printJson(p);
  if (fmt === 'csv') {
    const rows: unknown[][] = [];
    p.sigmaB2.forEach((sb, i) => p.sigmaW2.forEach((sw, j) => rows.push([sb, sw, p.kappaPrime1[i][j], p.regime[i][j], p.qStar[i][j]])));
    return printCsv(['sigmaB2', 'sigmaW2', 'kappaPrime1', 'regime', 'qStar'], rows);
  }
  const glyph = { 'low-disorder': '.', sparse: '|', 'high-disorder': '#' } as const;
  const lines = [`phase diagram of ${p.activation} (raw mode): rows sigma_b2 from ${fmtNum(sbMax)} down to 0, columns sigma_w2 from ${fmtNum(swMax / n)} to ${fmtNum(swMax)}`, `'.' low-disorder, '|' sparse, '#' high-disorder`];
  for (let i = p.sigmaB2.length - 1; i >= 0; i--) lines.push(`${fmtNum(p.sigmaB2[i], 3).padStart(8)} ${p.regime[i].map((g) => glyph[g]).join('')}`);
  process.stdout.write(lines.join('\n') + '\n');
  printTable(['sigma_b2', "critical sigma_w2 (kappa'(1) = 1)"], p.critical.map((c) => [c.sigmaB2, c.sigmaW2 ?? 'none in range']), 'critical line:');
}
