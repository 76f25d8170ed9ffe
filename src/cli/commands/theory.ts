import type { Command } from 'commander';
// Placeholder until the issue that owns this command lands.
export function registerTheory(program: Command): void {
  program.command('theory').description('(theory: not implemented yet)');
}
