import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../dist/cli.js');

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, [CLI, 'theory', '--activation', 'tanh', '--depth', '1:30', '--lmax', '128', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('CLI progress bar', () => {
  it('draws on stderr when forced, leaving stdout one JSON document', () => {
    const r = run({ NNSPECTRA_PROGRESS: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/theory \[[█░]+\] 100% \| layers 30\/30/);
    expect(JSON.parse(r.stdout).depths).toHaveLength(30);
  });

  it('stays silent in a pipe by default', () => {
    const r = run({ NNSPECTRA_PROGRESS: '0' });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/%/);
  });
});
