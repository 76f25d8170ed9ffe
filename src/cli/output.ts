/** Presentation of CLI results: a readable table (default), one JSON document, or CSV. */
import Table from 'cli-table3';

export type OutputFormat = 'table' | 'json' | 'csv';

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

export function printTable(header: string[], rows: unknown[][], title?: string): void {
  if (title) process.stdout.write(title + '\n');
  // No rule between body rows: spectra are long tables read down a column.
  const t = new Table({
    head: header,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) t.push(r.map((v) => (typeof v === 'number' ? fmtNum(v, 6) : v === null || v === undefined ? '' : String(v))));
  process.stdout.write(t.toString() + '\n');
}

/** Compact number formatting: `digits` significant digits, exponent form for tiny/huge values. */
export function fmtNum(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}
