import Table from 'cli-table3';
import { toCsv, type CsvValue } from '../contracts/csv.js';
import { escapeTerminal, usage, type GlobalOptions } from './output.js';
import { zonedClock } from '../domain/time.js';

/** One column of a listing: its header, its cell as text for people, its value in CSV (default: the text). */
export interface Column<Row> {
  readonly name: string;
  readonly text: (row: Row) => string;
  readonly csv?: (row: Row) => CsvValue;
  /** Right-aligned (figures). */
  readonly right?: boolean;
}

/** Options every listing takes besides the global ones. */
export interface ListingOptions {
  format?: string;
  tz?: string;
}

const FORMATS = ['table', 'csv', 'json'] as const;

/** True when stdout is a terminal that accepts colour (never with $NO_COLOR, never when piped). */
export function colour(): boolean {
  return process.stdout.isTTY === true && !process.env['NO_COLOR'];
}

/** Bold (headers), dim (secondary) and red (alerts), only when `colour()`. */
export const style = {
  bold: (t: string): string => (colour() ? `\u001b[1m${t}\u001b[22m` : t),
  dim: (t: string): string => (colour() ? `\u001b[2m${t}\u001b[22m` : t),
  red: (t: string): string => (colour() ? `\u001b[31m${t}\u001b[39m` : t),
};

/** `1 actor`, `3 actors`, `1 match`, `2 matches`: a count with the right plural. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** A listing's `--limit` as typed: a whole number from 1 (to `max` when given); a usage error echoing it otherwise. */
export function limitOf(typed: string | undefined, max?: number): number | undefined {
  if (typed === undefined) return undefined;
  const n = Number(typed);
  if (Number.isInteger(n) && n >= 1 && (max === undefined || n <= max)) return n;
  return usage(
    `--limit ${typed}: ${max === undefined ? 'expected a whole number, at least 1' : `expected a whole number from 1 to ${max}`}`,
  );
}

/** Add `--format table|csv` (json is the global `--json`) and `--tz ZONE` to a listing command. */
export function listingOptions<C extends { option(flags: string, description: string): C }>(cmd: C): C {
  return cmd
    .option('--format <format>', 'table (default) or csv (spreadsheet-safe; --json for JSON)')
    .option(
      '--tz <zone>',
      "show times in this IANA zone (default $VIGIE_TZ, else this machine's; UTC in JSON)",
    );
}

/** The display zone: --tz, else $VIGIE_TZ, else the machine's; checked (an unknown zone is a usage error). */
export function displayZone(tz: string | undefined): string {
  const zone = tz ?? process.env['VIGIE_TZ'] ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
  } catch {
    usage(`--tz ${zone}: not a time zone (an IANA name such as Europe/Paris, or UTC)`);
  }
  return zone;
}

/** An ISO-8601 UTC time as `2026-12-07 12:34` in a zone (`-` when absent). */
export function localTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return zonedClock(d, zone, false);
}

/** Check `--format`: table or csv (json is `--json`). */
export function formatOf(o: ListingOptions, g: GlobalOptions): 'table' | 'csv' | 'json' {
  if (o.tz !== undefined) displayZone(o.tz); // checked even where no column shows a time
  const f = o.format ?? (g.json ? 'json' : 'table');
  if (!(FORMATS as readonly string[]).includes(f)) usage(`--format ${f}: expected table or csv (or --json)`);
  return f as 'table' | 'csv' | 'json';
}

/** An aligned table with a header line, cells made safe for the terminal. */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const table = new Table({
    head: columns.map((c) => style.bold(c.name)),
    colAligns: columns.map((c) => (c.right ? 'right' : 'left')),
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '',
    },
  });
  for (const r of rows) table.push(columns.map((c) => escapeTerminal(c.text(r))));
  return table
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/**
 * Print a listing: `--json` the items as they are, `--format csv` through the one CSV writer (cells that could start
 * a formula neutralised), else an aligned table followed by a summary line (or `empty` when there is no row).
 */
export function presentListing<Row>(
  g: GlobalOptions,
  o: ListingOptions,
  json: unknown,
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  summary: string,
  empty: string,
): void {
  const format = formatOf(o, g);
  if (format === 'json') return void process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  if (format === 'csv') {
    const csv = toCsv(
      columns.map((c) => ({ name: c.name.replace(/ \(.*\)$/, ''), value: c.csv ?? c.text })),
      rows,
    );
    return void process.stdout.write(csv);
  }
  const text = rows.length ? `${renderTable(columns, rows)}\n${style.dim(escapeTerminal(summary))}` : empty;
  process.stdout.write(text + '\n');
}
