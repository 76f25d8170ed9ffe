/** `nnspectra classify`: κ'(1) and regime of every built-in activation (normalized mode). */
import type { Command } from 'commander';
import { invalidParam } from '../../errors.js';
import { action } from '../run.js';
import { grammar, outputOptions } from '../grammar.js';
import { flushStdout, fmtNum, outputFormat, quietOnClosedPipe, printCsv, printJson, printTable } from '../output.js';
import { classifyActivations } from '../../theory/regimes.js';

export function registerClassify(program: Command): void {
  const cmd = program
    .command('classify')
    .description(
      "kappa'(1) = (1 - sigma_b2) E[phi'(Z)^2] / E[phi(Z)^2] and the spectral regime (low-disorder < 1, sparse = 1, high-disorder > 1) of every built-in activation, normalized mode.",
    )
    .option('--sigma-b2 <B>', 'bias variance, 0 <= B < 1', '0');
  outputOptions(cmd, { json: 'print a JSON array of {activation, param?, kappaPrime1, regime} (kappaPrime1 null when +inf)' });
  grammar(cmd, { examples: ['nnspectra classify', 'nnspectra classify --sigma-b2 0.1 --csv'] });
  cmd
    .action(
      action(async (o: { sigmaB2: string; json?: boolean; csv?: boolean }) => {
        quietOnClosedPipe();
        const sb = Number(o.sigmaB2);
        if (o.sigmaB2.trim() === '' || !Number.isFinite(sb)) invalidParam('sigma-b2', 'a finite number in [0, 1)', o.sigmaB2);
        const rows = classifyActivations({ sigmaB2: sb });
        const fmt = outputFormat(o);
        if (fmt === 'json') {
          printJson(rows);
          return flushStdout();
        }
        const label = (r: (typeof rows)[number]) => (r.param === undefined ? r.activation : `${r.activation}:${r.param}`);
        if (fmt === 'csv') return printCsv(['activation', 'kappaPrime1', 'regime'], rows.map((r) => [label(r), Number.isFinite(r.kappaPrime1) ? r.kappaPrime1 : '', r.regime]));
        printTable(
          ['activation', "kappa'(1)", 'regime'],
          rows.map((r) => [label(r), Number.isFinite(r.kappaPrime1) ? fmtNum(r.kappaPrime1, 8) : '+inf', r.regime]),
          `sigma_b2 = ${fmtNum(sb)} (normalized mode)`,
        );
      }),
    );
}
