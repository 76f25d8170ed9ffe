import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalAt, STREAM_BIAS, STREAM_WEIGHTS } from '../../src/rng/philox.js';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'sample', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const small = ['--width', '16', '--networks', '5', '--lmax', '6', '--depth', '2', '--backend', 'cpu'];

describe('nnspectra sample (CLI)', () => {
  it('--json prints the documented fields, consistent with the theory', () => {
    const r = cli([...small, '--activation', 'tanh', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of ['backend', 'adapter', 'activation', 'depth', 'width', 'networks', 'dim', 'lmax', 'seed', 'D', 'Dse', 'C', 'theoryD', 'z', 'elapsedMs'])
      expect(j).toHaveProperty(k);
    expect(j).toMatchObject({ backend: 'cpu', adapter: null, activation: 'tanh', depth: 2, width: 16, networks: 5, dim: 3, lmax: 6, seed: 3, cpuKernels: 'webassembly-simd' });
    expect(j.D).toHaveLength(7);
    // tanh is odd and there is no bias: even multipoles vanish in theory and in the sample.
    for (let l = 0; l <= 6; l += 2) {
      expect(j.D[l]).toBeLessThan(1e-12);
      expect(j.theoryD[l]).toBeLessThan(1e-12);
    }
    for (let l = 1; l <= 6; l += 2) expect(j.z[l]).toBeCloseTo((j.D[l] - j.theoryD[l]) / j.Dse[l], 9);
  });

  it('--csv prints one row per multipole; --save-field writes network 0 on the grid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nns-'));
    const file = join(dir, 'f.json');
    const r = cli([...small, '--csv', '--save-field', file]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('l,D,Dse,C,theoryD,z');
    expect(lines).toHaveLength(8);
    const f = JSON.parse(readFileSync(file, 'utf8'));
    expect(f.values).toHaveLength(f.nlat * f.nlon);
    expect(f.points).toHaveLength(f.values.length);
    expect(Math.hypot(...f.points[5])).toBeCloseTo(1, 12);
  });

  it('a grid coarser than 3*lmax is warned about on stderr and in --json; the default grid is not', () => {
    const coarse = cli([...small, '--grid-lmax', '12', '--json']);
    expect(coarse.code).toBe(0);
    expect(coarse.err).toMatch(/^nnspectra: warning: grid-lmax 12 is below the default 18 \(3\*lmax, at most 2047\): degrees above 19 alias into l <= 6/m);
    expect(JSON.parse(coarse.out)).toMatchObject({ gridLmax: 12, gridWarning: expect.stringMatching(/below the default 18/) });
    const dflt = cli([...small, '--json']);
    expect(dflt.err).not.toMatch(/warning/);
    const j = JSON.parse(dflt.out);
    expect(j.gridLmax).toBe(18);
    expect(j).not.toHaveProperty('gridWarning');
    expect(j.points).toBe(19 * 38);
  });

  it('--save-weights writes network 0 with the documented Philox addressing and scales', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nns-'));
    const file = join(dir, 'w.json');
    const r = cli(['--width', '6', '--networks', '2', '--lmax', '2', '--depth', '2', '--seed', '77', '--sigma-b2', '0.2', '--backend', 'cpu', '--json', '--save-weights', file]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const w = JSON.parse(readFileSync(file, 'utf8'));
    expect(w.layers.map((L: { rows: number; cols: number }) => [L.rows, L.cols])).toEqual([[6, 3], [6, 6], [1, 6]]);
    expect(w.layers[0].W[1 * 3 + 2]).toBeCloseTo(normalAt(77, STREAM_WEIGHTS, 2, 1, 0, 0) * Math.sqrt(j.sIn), 14);
    expect(w.layers[1].W[4 * 6 + 5]).toBeCloseTo(normalAt(77, STREAM_WEIGHTS, 5, 4, 1, 0) * Math.sqrt(j.sigmaW2 / 6), 14);
    expect(w.layers[2].b[0]).toBeCloseTo(normalAt(77, STREAM_BIAS, 0, 0, 2, 0) * Math.sqrt(0.2), 14);
  });

  it('bad input: one line naming the parameter, exit 2, nothing on stdout', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--width', '0'], /width must be/],
      [['--networks', '0'], /networks must be/],
      [['--depth', 'x'], /depth must be an integer/],
      [['--backend', 'gpu'], /backend must be one of/],
      [['--activation', 'foo('], /activation/],
      [['--sigma-w2', '2'], /--sigma-w2 applies only with --raw/],
      [['--lmax', '5000'], /lmax must be/],
      [['--estimator', 'best'], /estimator must be/],
      [['--dim', '4', '--grid-lmax', '9'], /--grid-lmax applies only on S² \(--dim 3\)/],
    ];
    for (const [args, re] of cases) {
      const r = cli(['--networks', '2', '--width', '4', '--lmax', '2', '--backend', 'cpu', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n').filter((l) => l.startsWith('nnspectra:'))).toHaveLength(1);
      expect(r.err).toMatch(re);
    }
  });

  it('webgpu where none exists: exit 2; auto falls back to the CPU twin and says so', () => {
    const env = { VK_ICD_FILENAMES: '/nonexistent/icd.json' };
    const a = cli(['--width', '4', '--networks', '2', '--lmax', '2', '--backend', 'webgpu', '--json'], env);
    expect(a.code).toBe(2);
    expect(a.out).toBe('');
    expect(a.err).toMatch(/nnspectra: backend must be cpu or auto where WebGPU is unavailable/);
    const b = cli(['--width', '4', '--networks', '2', '--lmax', '2', '--backend', 'auto', '--json'], env);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out).backend).toBe('cpu');
    expect(b.err).toMatch(/using the CPU twin: .*adapter/);
  });
});
