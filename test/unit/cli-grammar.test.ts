import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli.js');

/** The built executable, as a user runs it. */
function spawnCli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

class Exit {
  constructor(readonly code: number) {}
}

/** The same program in this process (one spawn per case would take most of a minute). */
async function run(...args: string[]) {
  let out = '';
  let err = '';
  // The real process ends at its first exit; here the thrown Exit unwinds through the CLI's own
  // handlers, so what they do after the first exit is not part of the result.
  let code: number | null = null;
  const sink = (append: (s: string) => void) =>
    ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
      if (code === null) append(String(chunk));
      const done = typeof enc === 'function' ? enc : cb;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
  vi.spyOn(process.stdout, 'write').mockImplementation(sink((s) => (out += s)));
  vi.spyOn(process.stderr, 'write').mockImplementation(sink((s) => (err += s)));
  vi.spyOn(process, 'exit').mockImplementation(((c?: number) => {
    code ??= c ?? 0;
    throw new Exit(code);
  }) as typeof process.exit);
  try {
    await runCli(args);
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
  } finally {
    vi.restoreAllMocks();
  }
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

/** Visible width of a line (box-drawing characters count one column each). */
const width = (line: string) => [...line].length;

// [command line, what the one-line refusal must say]. Every entry must be refused before any work.
const BAD: Record<string, [string[], RegExp][]> = {
  '(none)': [
    [['bogus'], /unknown command; the commands are theory, classify, sample, merge, train, weights \(got bogus\)/],
    [['thoery'], /did you mean theory\? \(got thoery\)/],
    [[], /a command is required: theory, classify, sample, merge, train, weights \(got nothing\)/],
  ],
  theory: [
    [['theory', '--dim', '50', '--lmax', '2048'], /^nnspectra: lmax must be <= 12 on S\^49, .* \(got 2048\)$/],
    [['theory', '--json', '--csv'], /--json and --csv exclude each other: give one \(got --json --csv\)/],
    [['theory', '--bogus'], /unknown option for nnspectra theory; see nnspectra theory --help \(got --bogus\)/],
    [['theory', '--lmx', '3'], /unknown option for nnspectra theory; did you mean --lmax\? \(got --lmx\)/],
    [['theory', '--lmax'], /--lmax needs a value \(got nothing\)/],
    [['theory', 'extra'], /'theory' takes no positional arguments, only --flags \(got extra\)/],
    [['theory', '--grid', '8'], /--grid applies only with --phase-diagram; .* \(got --grid 8\)/],
    [['theory', '--phase-diagram', '--lmax', '8'], /--lmax applies only without --phase-diagram \(.*\); here \(--phase-diagram\) the context-dependent flags are --grid, --sw2-max, --sb2-max \(got --lmax 8\)/],
    [['theory', '--sigma-w2', '2'], /--sigma-w2 applies only with --raw.* \(got --sigma-w2 2\)/],
    [['theory', '--lmax', 'abc'], /lmax must be an integer \(got "abc"\)/],
    [['theory', '--depth', '0:3'], /depth must be a list like .* \(got "0:3"\)/],
    [['theory', '--columns', '30'], /columns must be an integer in \[40, 10000\] \(got "30"\)/],
    [['theory', '--columns', '120', '--json'], /--columns applies only to table output .* \(got --columns 120\)/],
    [['theory', '--activation', 'exp(exp(exp(x)))+'], /activation/],
  ],
  classify: [
    [['classify', '--sigma-b2'], /--sigma-b2 needs a value \(got nothing\)/],
    [['classify', '--sigma-b2', 'x'], /sigma-b2 must be a finite number in \[0, 1\) \(got "x"\)/],
    [['classify', '--raw'], /unknown option .* \(got --raw\)/],
    [['classify', '--csv', '--json'], /--json and --csv exclude each other/],
  ],
  sample: [
    [['sample', '--points', '100'], /--points applies only with --dim other than 3 .*; here \(--dim 3\) the context-dependent flags are --grid-lmax \(got --points 100\)/],
    [['sample', '--dim', '5', '--grid-lmax', '8'], /--grid-lmax applies only on S² \(--dim 3\); here \(--dim 5\) .* \(got --grid-lmax 8\)/],
    [['sample', '--sigma-w2', '1.5'], /--sigma-w2 applies only with --raw; .* \(got --sigma-w2 1.5\)/],
    [['sample', '--depth', 'abc'], /depth must be an integer \(got "abc"\)/],
    [['sample', '--dim', 'x'], /dim must be an integer \(got "x"\)/],
    [['sample', '--json', '--csv'], /--json and --csv exclude each other/],
    [['sample', '--networks'], /--networks needs a value \(got nothing\)/],
  ],
  train: [
    [['train', '--task', 'labels', '--train-fraction', '1.5'], /--train-fraction applies only with --task modadd; here \(--task labels, --optimizer adam\) .*--classes.* \(got --train-fraction 1.5\)/],
    [['train', '--preset', 'grokking', '--d', '5'], /--d applies only with --task teacher or labels; here \(--task modadd from --preset grokking, --optimizer gd\) .* \(got --d 5\)/],
    [['train', '--task', 'modadd', '--noise', '0.1'], /--noise applies only with --task teacher; .* \(got --noise 0.1\)/],
    [['train', '--shuffled'], /--shuffled applies only with --task labels; here \(--task teacher, --optimizer gd\) .* \(got --shuffled\)/],
    [['train', '--optimizer', 'gd', '--batch-size', '8'], /--batch-size applies only with --optimizer sgd, adam or adamw .* \(got --batch-size 8\)/],
    [['train', '--task', 'labels', '--momentum', '0.9'], /--momentum applies only with --optimizer gd or sgd; here \(--task labels, --optimizer adam\) .* \(got --momentum 0.9\)/],
    [['train', '--no-monitors', '--kernel-samples', '16'], /--kernel-samples applies only with the monitors on .* \(got --kernel-samples 16\)/],
    [['train', '--widths', '3,4', '--depth', '2'], /--widths and --depth exclude each other: give one \(got --widths 3,4 --depth 2\)/],
    [['train', '--preset', 'nope'], /preset must be one of .* \(got "nope"\)/],
    [['train', '--task', 'nope'], /task must be one of teacher, modadd, labels \(got "nope"\)/],
    [['train', '--preset', 'grokking', '--task', 'teacher'], /task must be modadd for preset grokking \(got "teacher"\)/],
    [['train', '--lr', '-1', '--steps', '1'], /lr must be a finite number in \(0, inf\) \(got -1\)/],
    [['train', '--json', '--csv'], /--json and --csv exclude each other/],
    [['train', '--bogus', '1'], /unknown option .* \(got --bogus\)/],
  ],
};

describe('one CLI grammar: every refusal is one line `nnspectra: <what> (got <value>)`, exit 2', () => {
  for (const [cmd, cases] of Object.entries(BAD))
    it(`${cmd}: ${cases.length} bad command lines`, async () => {
      for (const [args, msg] of cases) {
        const r = await run(...args);
        const lines = r.err.trimEnd().split('\n');
        const last = lines[lines.length - 1];
        expect({ args, code: r.code }).toEqual({ args, code: 2 });
        expect(last, args.join(' ')).toMatch(/^nnspectra: .* \(got .*\)$/);
        expect(last, args.join(' ')).toMatch(msg);
        // No command prints the help before its one line; only the bare `nnspectra` does.
        if (args.length > 0) expect(lines, args.join(' ')).toHaveLength(1);
        expect(r.out).toBe('');
      }
    });
});

describe('the built executable', () => {
  it('refuses in one line with exit code 2, commander errors included', () => {
    for (const [args, msg] of [
      [['theory', '--dim', '50', '--lmax', '2048'], /^nnspectra: lmax must be <= 12 on S\^49, .* \(got 2048\)\n$/],
      [['theory', '--bogus'], /^nnspectra: unknown option .* \(got --bogus\)\n$/],
    ] as const) {
      const r = spawnCli(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.out).toBe('');
    }
  });
});

describe('help', () => {
  it('every subcommand shows defaults and at least two examples of itself', async () => {
    const commands = [...(await run('--help')).out.matchAll(/^ {2}(\w+)\b/gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['theory', 'classify', 'sample', 'train']));
    for (const c of commands) {
      const h = await run(c, '--help');
      expect(h.code, c).toBe(0);
      expect(h.out, c).toMatch(/\(default: /);
      const ex = h.out.split('\nExamples:\n')[1] ?? '';
      const lines = ex.split('\n').filter((l) => l.startsWith(`  nnspectra ${c}`));
      expect(lines.length, c).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('tables', () => {
  it('fit 100 columns by default; --columns widens; --json keeps every field', async () => {
    const args = ['theory', '--depth', '1:12', '--lmax', '4'];
    const narrow = await run(...args);
    expect(narrow.code).toBe(0);
    for (const l of narrow.out.split('\n')) if (/^[┌│└]/.test(l) || l.startsWith('(')) expect(width(l)).toBeLessThanOrEqual(100);
    expect(narrow.out).toMatch(/more columns: D_l \(L=\d+\)/);
    expect(narrow.out).not.toMatch(/│ D_l \(L=12\)/);
    const wide = await run(...args, '--columns', '400');
    expect(wide.out).toMatch(/│ D_l \(L=12\)/);
    expect(wide.out).not.toMatch(/more columns/);
    const j = JSON.parse((await run('theory', '--depth', '1:12', '--lmax', '4', '--json')).out);
    expect(j.depths).toHaveLength(12);
  });

  it('the training table fits 100 columns and names what it leaves out', async () => {
    const r = await run('train', '--task', 'labels', '--steps', '1', '--every', '1', '--width', '8', '--d', '4', '--n-train', '16', '--n-test', '16', '--kernel-samples', '8', '--backend', 'cpu');
    expect(r.code, r.err).toBe(0);
    const table = r.out.split('\n').filter((l) => /^[┌│└]/.test(l));
    expect(table.length).toBeGreaterThan(3);
    for (const l of table) expect(width(l)).toBeLessThanOrEqual(100);
    expect(r.out).toMatch(/more columns: .*ckLabelOverlap/);
  });
});
