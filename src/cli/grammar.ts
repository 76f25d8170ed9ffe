/**
 * The CLI grammar shared by every subcommand: one-line refusals, conflicting flags, flags that
 * apply only in some contexts, help with defaults and examples, and the table width.
 *
 * Adding a command or a flag:
 * - options declared with `.option()` as usual; give a default in `.option()` (commander prints
 *   it) or write "(default: ...)" in the description;
 * - `outputOptions(cmd)` adds --json, --csv and --columns (mutually exclusive, --columns only
 *   for tables);
 * - `grammar(cmd, { examples, conflicts, context, rules })` declares the rest: `examples` (at
 *   least two, shown by --help), `conflicts` (groups of flags that exclude each other) and
 *   `rules` (flags that apply only where `applies(context)` holds, e.g.
 *   `{ flags: ['train-fraction'], only: 'with --task modadd', applies: (c) => c.task === 'modadd' }`).
 * The checks run before the command's action, on the flags the user typed (defaults never
 * trip them), and a refusal is one line `nnspectra: <what> (got <value>)` with exit code 2.
 */
import { Command, CommanderError, Option } from 'commander';
import { invalidParam, NnspectraError } from '../errors.js';
import { setTableColumns, DEFAULT_TABLE_COLUMNS } from './output.js';

/** A group of flags that apply only in some contexts of a command. */
export interface FlagRule<C> {
  /** Long flag names without the dashes, as typed (`train-fraction`, `no-ck`). */
  flags: readonly string[];
  /** Where they apply, completing "applies only ...": `with --task modadd`. */
  only: string;
  applies: (ctx: C) => boolean;
}

export interface GrammarSpec<C> {
  /** Example command lines (at least two), shown at the end of --help. */
  examples: readonly string[];
  /** Groups of flags of which at most one may be given. */
  conflicts?: readonly (readonly string[])[];
  /** Builds the context the rules look at from the parsed options (may refuse bad values itself). */
  context?: (opts: Record<string, unknown>) => C;
  /** Describes the context in a refusal: `--task labels, --optimizer adam`. */
  describe?: (ctx: C) => string;
  rules?: readonly FlagRule<C>[];
}

const specs = new WeakMap<Command, GrammarSpec<unknown>>();

/** Declares a subcommand's grammar (see the module comment). */
export function grammar<C>(cmd: Command, spec: GrammarSpec<C>): Command {
  if (spec.examples.length < 2) throw new Error(`${cmd.name()}: give at least two examples`);
  specs.set(cmd, spec as GrammarSpec<unknown>);
  cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`);
  return cmd;
}

/** --json, --csv and --columns, shared by every command that prints a result. */
export function outputOptions(cmd: Command, what: { json?: string; csv?: string } = {}): Command {
  return cmd
    .option('--json', what.json ?? 'print one JSON document (every field, nothing cut)')
    .option('--csv', what.csv ?? 'print CSV')
    .addOption(
      new Option('--columns <n>', `widest table in characters; columns that do not fit are listed, not printed (40..10000)`).default(
        String(DEFAULT_TABLE_COLUMNS),
      ),
    );
}

/** The flags of `cmd` that the user typed (long name without dashes) and their values. */
function typedFlags(cmd: Command): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const o of cmd.options) {
    const key = o.attributeName();
    if (cmd.getOptionValueSource(key) === 'cli') out.set((o.long ?? o.short ?? key).replace(/^-+/, ''), cmd.getOptionValue(key));
  }
  return out;
}

function shown(flag: string, value: unknown): string {
  return typeof value === 'boolean' ? `--${flag}` : `--${flag} ${String(value)}`;
}

/** Checks the typed flags of the command about to run against its declared grammar. */
export function checkGrammar(cmd: Command): void {
  const typed = typedFlags(cmd);
  const opts = cmd.opts();
  if ('columns' in opts) {
    const s = String(opts.columns);
    const n = Number(s);
    if (!/^\s*\d+\s*$/.test(s) || n < 40 || n > 10000) invalidParam('columns', 'an integer in [40, 10000]', s);
    setTableColumns(n);
  }
  const spec = specs.get(cmd);
  const conflicts: (readonly string[])[] = [...(spec?.conflicts ?? [])];
  if (cmd.options.some((o) => o.long === '--json')) conflicts.push(['json', 'csv']);
  for (const group of conflicts) {
    const given = group.filter((f) => typed.has(f));
    if (given.length > 1)
      refuse(`${given.map((f) => `--${f}`).join(' and ')} exclude each other: give one`, given.map((f) => shown(f, typed.get(f))).join(' '));
  }
  if (typed.has('columns') && (typed.has('json') || typed.has('csv')))
    refuse(`--columns applies only to table output (--json and --csv print every column)`, shown('columns', typed.get('columns')));
  const rules = spec?.rules ?? [];
  if (!spec || rules.length === 0) return;
  const ctx = spec.context ? spec.context(opts) : undefined;
  for (const rule of rules) {
    if (rule.applies(ctx)) continue;
    const bad = rule.flags.find((f) => typed.has(f));
    if (bad === undefined) continue;
    const here = rules.filter((r) => r.applies(ctx)).flatMap((r) => r.flags.map((f) => `--${f}`));
    const where = spec.describe ? ` (${spec.describe(ctx)})` : '';
    const takes = here.length ? `here${where} the context-dependent flags are ${[...new Set(here)].join(', ')}` : `here${where} none of ${rules.flatMap((r) => r.flags.map((f) => `--${f}`)).join(', ')} applies`;
    refuse(`--${bad} applies only ${rule.only}; ${takes}`, shown(bad, typed.get(bad)));
  }
}

/** Throws the house refusal: `<what> (got <value>)`, exit code 2. */
export function refuse(what: string, got: string): never {
  throw new NnspectraError('INVALID_PARAMETER', `${what} (got ${got})`);
}

/**
 * Commander's own errors in the house format. Commander's messages are parsed because it keeps
 * the offending value only in its text.
 */
export function commanderRefusal(e: CommanderError, program: Command, argv: readonly string[]): string {
  const m = e.message.replace(/^error:\s*/, '').trim();
  const first = m.split('\n')[0];
  const hint = (/\(Did you mean ([^?]+)\?\)/.exec(m) ?? [])[1];
  const also = hint ? `; did you mean ${hint}?` : '';
  let r: RegExpExecArray | null;
  switch (e.code) {
    case 'commander.unknownOption':
      r = /unknown option '([^']*)'/.exec(first);
      return `unknown option for ${commandOf(program, argv)}${also || `; see ${commandOf(program, argv)} --help`} (got ${r?.[1] ?? first})`;
    case 'commander.unknownCommand':
      r = /unknown command '([^']*)'/.exec(first);
      return `unknown command; the commands are ${program.commands.map((c) => c.name()).join(', ')}${also} (got ${r?.[1] ?? first})`;
    case 'commander.optionMissingArgument':
      r = /option '([^']*)' argument missing/.exec(first);
      return `${r ? r[1].split(/[ ,]/).filter((t) => t.startsWith('--')).pop() ?? r[1] : 'an option'} needs a value (got nothing)`;
    case 'commander.excessArguments':
      r = /for '([^']*)'/.exec(first);
      return `${r ? `'${r[1]}'` : 'this command'} takes no positional arguments, only --flags (got ${excess(program, argv)})`;
    case 'commander.missingArgument':
      r = /missing required argument '([^']*)'/.exec(first);
      return `the argument ${r ? `<${r[1]}>` : ''} is required (got nothing)`;
    case 'commander.help':
      return `a command is required: ${program.commands.map((c) => c.name()).join(', ')} (got nothing)`;
    default:
      return `${first} (got ${argv.join(' ')})`;
  }
}

/** `nnspectra <command>` as typed, or `nnspectra` before a command. */
function commandOf(program: Command, argv: readonly string[]): string {
  const names = new Set(program.commands.map((c) => c.name()));
  const sub = argv.find((a) => names.has(a));
  return sub ? `nnspectra ${sub}` : 'nnspectra';
}

/** The positional words the user typed after the command name (for excess-argument refusals). */
function excess(program: Command, argv: readonly string[]): string {
  const known = new Set(program.commands.map((c) => c.name()));
  const cmdAt = argv.findIndex((a) => known.has(a));
  const words: string[] = [];
  const sub = program.commands.find((c) => c.name() === argv[cmdAt]);
  for (let i = cmdAt + 1; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('-')) {
      const opt = sub?.options.find((o) => o.long === a.split('=')[0] || o.short === a);
      if (opt && (opt.required || opt.optional) && !a.includes('=')) i++;
      continue;
    }
    words.push(a);
  }
  return words.join(' ') || argv.join(' ');
}

/**
 * Sets up the program so that every subcommand registered afterwards inherits the grammar:
 * commander never prints or exits itself, and the checks run before each action.
 */
export function configureProgram(program: Command): Command {
  return program
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .hook('preAction', (_root, actionCmd) => checkGrammar(actionCmd));
}
