#!/usr/bin/env node
/** The `nnspectra` command: one subcommand per file under ./commands. */
import { Command, CommanderError } from 'commander';
import { registerTheory } from './commands/theory.js';
import { registerClassify } from './commands/classify.js';
import { registerSample } from './commands/sample.js';
import { registerTrain } from './commands/train.js';
import { registerWeights } from './commands/weights.js';
import { EXIT_USAGE } from './run.js';

const program = new Command();
program
  .name('nnspectra')
  .description('Spectral analysis of neural networks: infinite-width theory, GPU sampling, linear algebra, training spectra.')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerTheory(program);
registerClassify(program);
registerSample(program);
registerTrain(program);
registerWeights(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander already printed its one-line message (or the help/version text).
    process.exit(e.exitCode === 0 ? 0 : EXIT_USAGE);
  }
  throw e;
}
