import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const run = ['--activation', 'tanh', '--depth', '2', '--width', '12', '--networks', '7', '--lmax', '5', '--seed', '4', '--backend', 'cpu'];

describe('nnspectra sample --shard / merge (CLI)', () => {
  it('shards written with i/N and auto/N merge to the unsharded --json result; z empty where the theory is 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnspectra-shard-'));
    const files = [0, 1, 2].map((i) => join(dir, `s${i}.json`));
    expect(cli(['sample', ...run, '--shard', '0/3', '--out', files[0]]).code).toBe(0);
    expect(cli(['sample', ...run, '--shard', 'auto/3', '--out', files[1]], { JOB_COMPLETION_INDEX: '1' }).code).toBe(0);
    const s2 = cli(['sample', ...run, '--shard', 'auto/3', '--out', files[2]], { SLURM_ARRAY_TASK_ID: '2' });
    expect(s2.code).toBe(0);
    expect(s2.err).toMatch(/shard 2\/3 \(networks 4\.\.6\)/);
    const merged = cli(['merge', files[2], files[0], files[1], '--json']);
    expect(merged.code).toBe(0);
    const whole = cli(['sample', ...run, '--json']);
    const a = JSON.parse(merged.out);
    const b = JSON.parse(whole.out);
    a.D.forEach((d: number, l: number) => expect(Math.abs(d - b.D[l])).toBeLessThanOrEqual(1e-12 * Math.abs(b.D[l])));
    expect(a.zeroDegrees).toEqual([0, 2, 4]);
    expect(a.z[0]).toBeNull();
    expect(a.maxAbsZ).toBeCloseTo(Math.max(...[1, 3, 5].map((l) => Math.abs(b.z[l]))), 6);
    const csv = cli(['merge', ...files, '--csv']).out.trim().split('\n');
    expect(csv[1].endsWith(',')).toBe(true); // l = 0: empty z cell
    // Not complete, not disjoint, other parameters, damaged: exit 2 with one line.
    const other = join(dir, 'other.json');
    cli(['sample', ...run, '--seed', '5', '--shard', '1/3', '--out', other]);
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, readFileSync(files[1], 'utf8').replace('"sumS":', '"sumS":1'));
    for (const [args, re] of [
      [[files[0], files[1]], /missing 2/],
      [[files[0], files[1], files[1]], /disjoint/],
      [[files[0], other, files[2]], /other parameters/],
      [[files[0], damaged, files[2]], /not a valid nnspectra shard/],
      [[join(dir, 'nope.json')], /cannot be opened/],
    ] as Array<[string[], RegExp]>) {
      const r = cli(['merge', ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('rejects bad --shard values with exit code 2', () => {
    for (const [args, env, re] of [
      [['--shard', '3/3', '--out', 'x.json'], {}, /shard must be i\/N with 0 <= i < N/],
      [['--shard', 'a/3', '--out', 'x.json'], {}, /shard must be i\/N/],
      [['--shard', 'auto/3', '--out', 'x.json'], { JOB_COMPLETION_INDEX: '', SLURM_ARRAY_TASK_ID: '' }, /auto\/N with JOB_COMPLETION_INDEX/],
      [['--shard', '0/3'], {}, /--shard needs --out <file>, the shard file to write \(got nothing\)/],
      [['--out', 'x.json'], {}, /--out applies only with --shard/],
    ] as Array<[string[], Record<string, string>, RegExp]>) {
      const r = cli(['sample', ...run, ...args], env);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
    }
  });

  it('--width with a list prints the sweep table with the deviation per width', () => {
    const r = cli(['sample', '--activation', 'tanh', '--depth', '3', '--width', '8,32', '--networks', '3', '--lmax', '4', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/width sweep: tanh, depth 3/);
    expect(r.out).toMatch(/max \|D - theoryD\|\/theoryD/);
    const j = JSON.parse(cli(['sample', '--activation', 'tanh', '--depth', '3', '--width', '8,32', '--networks', '3', '--lmax', '4', '--backend', 'cpu', '--json']).out);
    expect(j.sweep.map((e: { width: number }) => e.width)).toEqual([8, 32]);
    for (const k of ['width', 'D', 'Dse', 'z', 'maxRelDev']) expect(j.sweep[0]).toHaveProperty(k);
  });
});
