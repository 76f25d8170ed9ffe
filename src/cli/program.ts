/** The `nnspectra` program: one subcommand per file under ./commands, one grammar (./grammar). */
import { Command, CommanderError } from 'commander';
import { registerTheory } from './commands/theory.js';
import { registerClassify } from './commands/classify.js';
import { registerSample } from './commands/sample.js';
import { registerMerge } from './commands/merge.js';
import { registerTrain } from './commands/train.js';
import { registerWeights } from './commands/weights.js';
import { commanderRefusal, configureProgram } from './grammar.js';
import { EXIT_USAGE, reportError } from './run.js';
import { version } from '../../package.json';

/** A fresh program with every subcommand registered (a new command adds one line here). */
export function createProgram(): Command {
  const program = configureProgram(
    new Command()
      .name('nnspectra')
      .description('Spectral analysis of neural networks: infinite-width theory, GPU sampling, linear algebra, training spectra.')
      .version(version),
  );
  registerTheory(program);
  registerClassify(program);
  registerSample(program);
  registerMerge(program);
  registerTrain(program);
  registerWeights(program);
  return program;
}

/** Runs the command line `argv` (without node and script) and exits the process. */
export async function runCli(argv: readonly string[]): Promise<void> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) process.exit(0);
      process.stderr.write(`nnspectra: ${commanderRefusal(e, program, argv)}\n`);
      process.exit(EXIT_USAGE);
    }
    // A refusal from the grammar's checks, before any action ran.
    process.exit(reportError(e));
  }
}
