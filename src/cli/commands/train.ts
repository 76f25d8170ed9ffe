import type { Command } from 'commander';
// Placeholder until the issue that owns this command lands.
export function registerTrain(program: Command): void {
  program.command('train').description('(train: not implemented yet)');
}
