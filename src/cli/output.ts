/** Presentation of CLI results: a readable table (default), one JSON document, or CSV. */
import Table from 'cli-table3';

export type OutputFormat = 'table' | 'json' | 'csv';

/** The format chosen by --json / --csv (the grammar refuses both at once). */
export function outputFormat(opts: { json?: boolean; csv?: boolean }): OutputFormat {
  return opts.json ? 'json' : opts.csv ? 'csv' : 'table';
}

/** JSON with non-finite numbers written as null (JSON has no Infinity/NaN). */
export function printJson(value: unknown): void {
  process.stdout.write(
    JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n',
  );
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? fmtNum(v, 17) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function printCsv(header: string[], rows: unknown[][]): void {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  process.stdout.write(lines.join('\n') + '\n');
}

/** Width of tables unless --columns says otherwise. */
export const DEFAULT_TABLE_COLUMNS = 100;
let tableColumns = DEFAULT_TABLE_COLUMNS;

/** The widest table printTable draws (set from --columns). */
export function setTableColumns(n: number): void {
  tableColumns = n;
}

/**
 * A table no wider than the --columns setting: columns are dropped from the right (so commands
 * order them by importance) and named below the table; --json and --csv keep all of them.
 */
export function printTable(header: string[], rows: unknown[][], title?: string): void {
  if (title) process.stdout.write(title + '\n');
  const cells = rows.map((r) => r.map((v) => (typeof v === 'number' ? fmtNum(v, 6) : v === null || v === undefined ? '' : String(v))));
  const width = (c: number) => Math.max(header[c].length, ...cells.map((r) => (r[c] ?? '').length)) + 3;
  let keep = header.length;
  let total = 1;
  for (let c = 0; c < header.length; c++) total += width(c);
  while (keep > 1 && total > tableColumns) total -= width(--keep);
  // No rule between body rows: spectra are long tables read down a column.
  const t = new Table({
    head: header.slice(0, keep),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of cells) t.push(r.slice(0, keep));
  process.stdout.write(t.toString() + '\n');
  if (keep < header.length)
    process.stdout.write(wrap(`(${header.length - keep} more columns: ${header.slice(keep).join(', ')}; see --columns, --json or --csv)`, tableColumns) + '\n');
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

/** Resolves once everything written to stdout so far is flushed (large JSON into a slow pipe). */
export function flushStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

/** A reader that stops early (`| head`) is not an error. */
export function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

/** Compact number formatting: `digits` significant digits, exponent form for tiny/huge values. */
export function fmtNum(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}
