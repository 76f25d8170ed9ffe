import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('node', ['dist/cli.js', 'train', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const small = ['--d', '16', '--width', '24', '--n-train', '32', '--n-test', '16', '--kernel-samples', '16', '--backend', 'cpu'];

describe('nnspectra train', () => {
  it('--json prints the documented shape', () => {
    const r = cli([...small, '--steps', '4', '--every', '2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.backend).toBe('cpu');
    expect(j.adapter).toBeNull();
    expect(j.config).toMatchObject({ task: 'teacher', d: 16, width: 24, nTrain: 32, steps: 4, every: 2, optimizer: 'gd' });
    expect(j.outcome.status).toBe('completed');
    expect(j.checkpoints.map((c: { step: number }) => c.step)).toEqual([0, 2, 4]);
    const c = j.checkpoints[2];
    for (const k of ['step', 'trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'layers', 'ck', 'ntk', 'teacherOverlap']) expect(c).toHaveProperty(k);
    expect(c.trainAcc).toBeNull();
    for (const k of ['name', 'singularValues', 'effectiveRank', 'stableRank', 'alpha', 'mpEdge', 'outliers']) expect(c.layers[0]).toHaveProperty(k);
    expect(c.layers[0].singularValues).toHaveLength(16);
    expect(c.ck.eigenvalues).toHaveLength(16);
    expect(c.teacherOverlap).toBeGreaterThan(0);
  });

  it('--csv prints one row per checkpoint and layer', () => {
    const r = cli(['--task', 'labels', '--d', '8', '--width', '12', '--n-train', '24', '--n-test', '8', '--steps', '2', '--every', '1', '--no-ck', '--no-ntk', '--backend', 'cpu', '--csv']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^step,trainLoss,testLoss,trainAcc,testAcc,layer,/);
    expect(lines).toHaveLength(1 + 3 * 2);
    expect(lines[1]).toMatch(/^0,/);
  });

  it('rejects bad input with exit code 2 and one line naming the parameter', () => {
    const cases: [string[], RegExp][] = [
      [['--lr', '0'], /lr must be a finite number in \(0, inf\) \(got 0\)/],
      [['--lr', 'fast'], /lr must be a number \(got "fast"\)/],
      [['--task', 'modadd', '--p', '1'], /p must be an integer in \[2, 1000\] \(got 1\)/],
      [['--task', 'modadd', '--train-fraction', '1.5'], /train-fraction must be a finite number in \(0, 1\)/],
      [['--width', '0'], /width must be an integer/],
      [['--preset', 'nope'], /preset must be one of invariant-bulk, spike, heavy-tail, grokking, random-labels/],
      [['--train-layers', '3'], /train-layers must be/],
    ];
    for (const [args, msg] of cases) {
      const r = cli([...args, '--backend', 'cpu']);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(msg);
      expect(r.out).toBe('');
    }
  });

  it('a diverging run prints the last finite state, then an error line and exit code 1', () => {
    const r = cli([...small, '--activation', 'relu', '--train-layers', 'all', '--lr', '1e6', '--steps', '30', '--every', '5', '--no-ck', '--no-ntk', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.outcome.status).toBe('diverged');
    expect(r.err).toMatch(/^nnspectra: error: training diverged: .* at step \d+/);
  });

  it('--size paper resolves a preset at its paper size; explicit flags still win', () => {
    const r = cli(['--preset', 'grokking', '--size', 'paper', '--steps', '0', '--width', '8', '--no-monitors', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.config).toMatchObject({ preset: 'grokking', size: 'paper', p: 97, d: 194, width: 8, steps: 0, initScale: 6 });
    expect(j.config.nTrain + j.config.nTest).toBe(97 * 97);
  });

  it('random-labels prints the true and shuffled runs side by side', () => {
    const r = cli(['--preset', 'random-labels', '--steps', '4', '--every', '4', '--d', '8', '--width', '12', '--n-train', '24', '--n-test', '8', '--no-ck', '--no-ntk', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/true versus shuffled labels, final checkpoint/);
    expect(r.out.split('\n').filter((l) => /│ (true|shuffled) +│ 4 +│/.test(l))).toHaveLength(4);
  });

  it('prints a table by default', () => {
    const r = cli(['--preset', 'grokking', '--steps', '20', '--every', '10', '--no-ck', '--no-ntk', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/training \(modadd, preset grokking\) on cpu/);
    expect(r.out.split('\n').filter((l) => /│ (0|10|20) +│/.test(l))).toHaveLength(3);
  });
});

describe('nnspectra train: loss-surface presets', () => {
  const tiny = ['--d', '8', '--width', '12', '--n-train', '32', '--n-test', '16', '--batch-size', '8', '--steps', '20', '--every', '10', '--no-monitors', '--backend', 'cpu', '--json'];

  it('--preset lmc --json gains lmc { splits, control, perturbation }', () => {
    const r = cli(['--preset', 'lmc', ...tiny, '--splits', '0,10']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.config).toMatchObject({ preset: 'lmc', splits: [0, 10] });
    expect(j.lmc.splits.map((s: { step: number }) => s.step)).toEqual([0, 10]);
    for (const p of [...j.lmc.splits, j.lmc.control, ...j.lmc.perturbation]) {
      expect(p.barrier).toBeGreaterThanOrEqual(0);
      expect(p.svAgreement).toBeGreaterThanOrEqual(0);
      expect(p.svAgreement).toBeLessThanOrEqual(1 + 1e-12);
    }
    expect(j.lmc.perturbation.map((p: { eta: number }) => p.eta)).toEqual([0, 0.1, 0.25, 0.5, 1, 2.5]);
    expect(j).not.toHaveProperty('lottery');
  });

  it('--preset lottery --sv-prune --json gains lottery and svPrune', () => {
    const r = cli(['--preset', 'lottery', ...tiny, '--keep', '20', '--rewind', '2', '--sv-prune']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.lottery).toMatchObject({ keep: 20, rewindStep: 2 });
    for (const k of ['dense', 'magnitude', 'random']) expect(j.lottery[k].testAcc).toBeGreaterThanOrEqual(0);
    expect(j.lottery.magnitude.density).toBeCloseTo(0.2, 2);
    expect(Object.keys(j.svPrune).sort()).toEqual(['bottomLoss', 'fullLoss', 'topLoss']);
    expect(j).not.toHaveProperty('lmc');
  });

  it('prints the experiment tables and rejects bad experiment flags', () => {
    const r = cli(['--preset', 'lottery', ...tiny.filter((a) => a !== '--json')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/lottery ticket: keep 5 %, rewind to step 0/);
    for (const [args, msg] of [
      [['--keep', '150'], /keep must be a finite number in \(0, 100\]/],
      [['--rewind', '-1'], /rewind must be an integer in \[0, 1000\]/],
      [['--splits', '0,10'], /--splits .*only with --preset lmc/],
      [['--preset', 'lmc', '--splits', '0,x'], /splits must be a number/],
      [['--preset', 'lmc', '--rewind', '3'], /--rewind .*only with --preset lottery/],
    ] as [string[], RegExp][]) {
      const e = cli(args[0] === '--preset' ? [...args, '--backend', 'cpu'] : ['--preset', 'lottery', ...args, '--backend', 'cpu']);
      expect(e.code).toBe(2);
      expect(e.err).toMatch(msg);
    }
  });
});
