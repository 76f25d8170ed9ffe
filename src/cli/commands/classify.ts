import type { Command } from 'commander';
// Placeholder until the issue that owns this command lands.
export function registerClassify(program: Command): void {
  program.command('classify').description('(classify: not implemented yet)');
}
