import type { Command } from 'commander';
// Placeholder until the issue that owns this command lands.
export function registerSample(program: Command): void {
  program.command('sample').description('(sample: not implemented yet)');
}
