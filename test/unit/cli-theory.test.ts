import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const CLI = resolve(__dirname, '../../dist/cli.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('nnspectra theory', () => {
  it('runs with no arguments on the embedded defaults (tanh, depths 1,2,5,10, S², lmax 64)', () => {
    const r = run('theory');
    expect(r.code).toBe(0);
    expect(r.out).toContain('activation tanh');
    expect(r.out).toContain('high-disorder');
    expect(r.out).toMatch(/D_l \(L=10\)/);
  });

  it('--json prints the documented fields', () => {
    const r = run('theory', '--activation', 'relu', '--depth', '1:3', '--lmax', '8', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of ['activation', 'dim', 'lmax', 'mode', 'sigmaW2', 'sigmaB2', 'kappaPrime1', 'regime', 'depths']) expect(j).toHaveProperty(k);
    expect(j).toMatchObject({ activation: 'relu', dim: 3, lmax: 8, mode: 'normalized', sigmaB2: 0, kappaPrime1: 1, regime: 'sparse' });
    expect(j.depths.map((d: { depth: number }) => d.depth)).toEqual([1, 2, 3]);
    const d1 = j.depths[0];
    for (const k of ['D', 'C', 'tailMass', 'meanX', 'sobolev']) expect(d1).toHaveProperty(k);
    expect(d1.D).toHaveLength(9);
    expect(d1.C).toHaveLength(9);
    expect(d1.D[0]).toBeCloseTo(3 / 8, 14);
    expect(d1.D[2]).toBeCloseTo(15 / 128, 14);
    expect(j.offspring.beta).toHaveLength(64);
  });

  it('--json writes κ\'(1) = +∞ as null (step); custom expressions and raw mode work', () => {
    const s = JSON.parse(run('theory', '--activation', 'step', '--depth', '2', '--lmax', '4', '--json').out);
    expect(s.kappaPrime1).toBeNull();
    expect(s.regime).toBe('high-disorder');
    expect(s.depths[0].sobolevFull).toBeNull();
    const e = JSON.parse(run('theory', '--activation', 'x*tanh(x)', '--depth', '1,2', '--lmax', '6', '--dim', '4', '--json').out);
    expect(e.activation).toBe('x*tanh(x)');
    expect(e.dim).toBe(4);
    const raw = JSON.parse(run('theory', '--activation', 'tanh', '--raw', '--sigma-w2', '2', '--sigma-b2', '0.1', '--depth', '3', '--lmax', '4', '--json').out);
    expect(raw).toMatchObject({ mode: 'raw', sigmaW2: 2, sigmaB2: 0.1 });
  });

  it('--csv prints depth,l,D,C rows', () => {
    const r = run('theory', '--activation', 'erf', '--depth', '1,2', '--lmax', '3', '--csv');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('depth,l,D,C');
    expect(lines).toHaveLength(1 + 2 * 4);
    expect(Number(lines[1].split(',')[2])).toBeCloseTo(0, 14);
  });

  it('--phase-diagram prints the critical line', () => {
    const j = JSON.parse(run('theory', '--activation', 'tanh', '--phase-diagram', '--grid', '4', '--json').out);
    expect(j.kappaPrime1).toHaveLength(4);
    expect(j.critical[0].sigmaB2).toBe(0);
    expect(j.critical[0].sigmaW2).toBeCloseTo(1, 8);
  });

  it.each([
    [['--activation', 'nope'], 'activation'],
    [['--activation', 'tanh(x'], 'activation'],
    [['--activation', 'x-x'], 'activation'],
    [['--depth', '0'], 'depth'],
    [['--depth', '1:201'], 'depth'],
    [['--depth', 'a'], 'depth'],
    [['--lmax', '2049'], 'lmax'],
    [['--lmax', '-1'], 'lmax'],
    [['--dim', '1'], 'dim'],
    [['--sigma-b2', '1'], 'sigma-b2'],
    [['--sigma-b2', '-0.5'], 'sigma-b2'],
    [['--raw', '--sigma-w2', '-1'], 'sigma-w2'],
    [['--sigma-w2', '2'], 'sigma-w2'],
  ])('bad input %j exits 2 with one line naming %s', (args, param) => {
    const r = run('theory', ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^nnspectra: (${param} must be |--${param} applies only )`));
  });

  it('--help documents the options', () => {
    const r = run('theory', '--help');
    expect(r.code).toBe(0);
    for (const o of ['--activation', '--depth', '--dim', '--lmax', '--sigma-b2', '--raw', '--sigma-w2', '--json', '--csv']) expect(r.out).toContain(o);
  });
});

describe('nnspectra classify', () => {
  it('--json lists every built-in with κ\'(1) and regime', () => {
    const r = run('classify', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { activation: string; kappaPrime1: number | null; regime: string }[];
    expect(rows).toHaveLength(16);
    const by = Object.fromEntries(rows.map((x) => [x.activation, x]));
    expect(by.relu).toMatchObject({ kappaPrime1: 1, regime: 'sparse' });
    expect(by.leaky_relu).toMatchObject({ kappaPrime1: 1, regime: 'sparse' });
    expect(by.step).toMatchObject({ kappaPrime1: null, regime: 'high-disorder' });
    expect(by.tanh.kappaPrime1).toBeCloseTo(1.17781, 5);
    expect(by.sigmoid.regime).toBe('low-disorder');
  });
  it('--sigma-b2 moves ReLU to low-disorder; table and help work; bad sigma-b2 exits 2', () => {
    const rows = JSON.parse(run('classify', '--sigma-b2', '0.2', '--json').out) as { activation: string; kappaPrime1: number; regime: string }[];
    expect(rows.find((x) => x.activation === 'relu')).toMatchObject({ kappaPrime1: 0.8, regime: 'low-disorder' });
    const t = run('classify');
    expect(t.code).toBe(0);
    expect(t.out).toContain('relu');
    expect(run('classify', '--help').code).toBe(0);
    const bad = run('classify', '--sigma-b2', '2');
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/sigma-b2 must be/);
  });
});
