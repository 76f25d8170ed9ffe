import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const userDocs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('user docs', () => {
  it('docs/cli.md is what the commands\' --help say (regenerate with npm run docs)', () => {
    const r = spawnSync(process.execPath, ['docs/generate-cli.mjs', '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
  });

  it('say what is true today: no development history, nothing outside the repository', () => {
    const banned = [/\bsessions?\b/i, /\bthe lead\b/i, /\bissue\b/i, /DESIGN\.md/, /\.\.\/shared/, /\bused to\b/i, /\bwas \d/, /\(was /];
    for (const f of userDocs) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const b of banned) expect(text, `${f} matches ${b}`).not.toMatch(b);
    }
  });

  it('relative links in README.md and docs/ point at files that exist (docs/api/ is generated)', () => {
    for (const f of userDocs) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target) || target.startsWith('docs/api')) continue;
        expect(existsSync(join(ROOT, dirname(f), target)), `${f} -> ${target}`).toBe(true);
      }
    }
  });
});
