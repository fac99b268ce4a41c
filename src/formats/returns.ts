import { isIP } from 'node:net';
import { AppError } from '../domain/errors.js';
import { issue, type ItemIssue } from '../domain/issue.js';
import { jsonTooDeepAt } from '../domain/json-depth.js';

import { RETURN_FIELDS, recogniseColumns, type ReturnField } from './returns-columns.js';

export { DEFAULT_COLUMNS, RETURN_FIELDS, fieldOfHeader, type ReturnField } from './returns-columns.js';

/** Deepest JSON nesting accepted in a return (rows are flat objects; a cell may hold a small list). */
export const MAX_RETURNS_DEPTH = 32;

export type { ParsedReturnRow } from '../domain/return-rows.js';
import type { ParsedReturnRow } from '../domain/return-rows.js';

/** Parse `col=field,col2=field2` (the `--map` option) into column → field. */
export function parseReturnMap(spec: string | undefined): Map<string, ReturnField> {
  const m = new Map<string, ReturnField>();
  if (!spec) return m;
  for (const part of spec.split(',')) {
    const [col, field] = part.split('=').map((s) => s.trim());
    if (!col || !field || !(RETURN_FIELDS as readonly string[]).includes(field)) {
      throw new AppError(
        'USAGE',
        `--map ${part}: expected column=field with field one of ${RETURN_FIELDS.join(', ')}`,
      );
    }
    m.set(col, field as ReturnField);
  }
  return m;
}

/** Split CSV text into records with the line each starts on (quotes, doubled quotes, CRLF, embedded newlines). */
export function splitCsv(text: string, delimiter: string): Array<{ line: number; cells: string[] }> {
  const out: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cur = '';
  let q = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else {
        if (ch === '\n') line++;
        cur += ch;
      }
    } else if (ch === '"' && cur === '') q = true;
    else if (ch === delimiter) {
      cells.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cur);
      if (cells.some((c) => c.trim() !== '')) out.push({ line: start, cells });
      cells = [];
      cur = '';
      line++;
      start = line;
    } else cur += ch;
  }
  cells.push(cur);
  if (cells.some((c) => c.trim() !== '')) out.push({ line: start, cells });
  return out;
}

/** Normalise a platform user id: `telegram:user123` kept, `user123` and `123` → `telegram:user123`. */
export function normaliseUserId(raw: string): string {
  const s = raw.trim();
  if (/^[a-z]+:(user|chat|channel)-?\d+$/.test(s)) return s;
  const m = /^(?:user)?(\d+)$/i.exec(s);
  return m ? `telegram:user${m[1]}` : s;
}

/** Parse a time: ISO-8601 (no offset = UTC, as platforms report), unix seconds or milliseconds. */
export function parseSeenAt(raw: string): number | null {
  const s = raw.trim();
  if (/^\d{9,10}$/.test(s)) return Number(s) * 1000;
  if (/^\d{12,13}$/.test(s)) return Number(s);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(
    s,
  );
  if (!m) return null;
  const zone =
    !m[3] || /^(z|utc)$/i.test(m[3])
      ? 'Z'
      : m[3].length === 5
        ? `${m[3].slice(0, 3)}:${m[3].slice(3)}`
        : m[3];
  const t = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(t) ? null : t;
}

function columnsOf(
  header: readonly string[],
  map: Map<string, ReturnField>,
  file: string,
  where: string,
  issues: ItemIssue[],
): Map<ReturnField, string> {
  for (const col of map.keys())
    if (!header.includes(col))
      throw new AppError(
        'RETURNS_INVALID',
        `${file}: ${where}: --map names column "${col}", which the file does not have (columns: ${header.join(', ')})`,
      );
  const { cols, unknown } = recogniseColumns(header, map);
  if (!cols.has('user_id'))
    throw new AppError(
      'RETURNS_INVALID',
      `${file}: ${where}: no platform user id column (columns: ${header.join(', ')}); name it with --map COLUMN=user_id`,
    );
  if (unknown.length) {
    const missing = RETURN_FIELDS.filter((f) => !cols.has(f));
    const hint = missing.length
      ? `; if one holds ${missing.join(', ')}, name it with --map "${unknown[0]}=${missing.includes('seen_at') ? 'seen_at' : missing[0]}"`
      : '';
    issues.push({
      ...issue('RETURNS_UNKNOWN_COLUMNS', file, where, `columns not read: ${unknown.join(', ')}${hint}`),
      severity: 'warning',
    });
  }
  return cols;
}

/** One warning per file counting the rows without a time (never silent). */
function noTimeWarning(
  rows: readonly ParsedReturnRow[],
  issues: ItemIssue[],
  cols: Map<ReturnField, string>,
  file: string,
): void {
  const bad = new Set(issues.filter((i) => i.code === 'RETURNS_BAD_TIME').map((i) => i.location));
  const n = rows.filter((r) => r.seenAt === null && !bad.has(`line ${r.line}`)).length;
  if (n === 0) return;
  const why = cols.has('seen_at')
    ? `its "${cols.get('seen_at')}" cell is empty`
    : 'no time column was recognised: name it with --map COLUMN=seen_at';
  issues.push({
    ...issue('RETURNS_ROW_NO_TIME', file, 'file', `${n} of ${rows.length} rows have no time (${why})`),
    severity: 'warning',
  });
}

function toRow(
  rec: Record<string, string>,
  cols: Map<ReturnField, string>,
  line: number,
  file: string,
  issues: ItemIssue[],
): ParsedReturnRow | null {
  const get = (f: ReturnField): string => (cols.has(f) ? (rec[cols.get(f)!] ?? '').trim() : '');
  const loc = `line ${line}`;
  const rawUser = get('user_id');
  if (!rawUser) {
    issues.push(issue('RETURNS_ROW_NO_USER', file, loc, 'row has no platform user id; skipped'));
    return null;
  }
  let ip: string | null = get('ip') || null;
  if (ip && !isIP(ip)) {
    issues.push(issue('RETURNS_BAD_IP', file, loc, `"${ip}" is not an IPv4 or IPv6 address; IP left empty`));
    ip = null;
  }
  const t = get('seen_at');
  const seenAt = t ? parseSeenAt(t) : null;
  if (t && seenAt === null)
    issues.push(
      issue(
        'RETURNS_BAD_TIME',
        file,
        loc,
        `"${t}" is not an ISO-8601 time or a unix timestamp; time left empty`,
      ),
    );
  const pc = get('phone_country').toUpperCase();
  if (pc && !/^[A-Z]{2}$/.test(pc))
    issues.push(
      issue('RETURNS_BAD_COUNTRY', file, loc, `"${pc}" is not an ISO alpha-2 country code; ignored`),
    );
  return {
    line,
    userId: normaliseUserId(rawUser),
    rawUserId: rawUser,
    phone: get('phone') || null,
    phoneCountry: /^[A-Z]{2}$/.test(pc) ? pc : null,
    ip,
    seenAt,
    raw: rec,
  };
}

/** Parse a legal-process return (CSV with a header, or JSON rows); structural errors throw naming file and line. */
export function parseReturns(
  text: string,
  file: string,
  mapSpec?: string,
): { rows: ParsedReturnRow[]; issues: ItemIssue[] } {
  const map = parseReturnMap(mapSpec);
  const body = text.replace(/^\uFEFF/, '');
  const issues: ItemIssue[] = [];
  const rows: ParsedReturnRow[] = [];
  if (/^\s*[[{]/.test(body)) {
    const deep = jsonTooDeepAt(body, MAX_RETURNS_DEPTH);
    if (deep >= 0)
      throw new AppError(
        'INPUT_TOO_DEEP',
        `${file}: character ${deep}: nested deeper than ${MAX_RETURNS_DEPTH} levels (rows are flat objects)`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw new AppError('RETURNS_INVALID', `${file}: not valid JSON: ${(e as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown }).rows;
    if (!Array.isArray(list))
      throw new AppError('RETURNS_INVALID', `${file}: expected a JSON array of rows or {"rows": [...]}`);
    const header = [...new Set(list.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])))];
    const cols = columnsOf(header, map, file, 'item 1', issues);
    list.forEach((r, i) => {
      if (!r || typeof r !== 'object' || Array.isArray(r))
        throw new AppError('RETURNS_INVALID', `${file}: item ${i + 1}: expected an object`);
      const rec: Record<string, string> = {};
      for (const [k, v] of Object.entries(r as Record<string, unknown>))
        rec[k] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      const row = toRow(rec, cols, i + 1, file, issues);
      if (row) rows.push(row);
    });
    noTimeWarning(rows, issues, cols, file);
    return { rows, issues };
  }
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t']
    .map((d) => [d, firstLine.split(d).length] as const)
    .sort((a, b) => b[1] - a[1])[0]![0];
  const records = splitCsv(body, delimiter);
  const head = records[0];
  if (!head) throw new AppError('RETURNS_INVALID', `${file}: line 1: empty file; expected a header row`);
  const header = head.cells.map((c) => c.trim());
  const cols = columnsOf(header, map, file, `line ${head.line}`, issues);
  for (const r of records.slice(1)) {
    if (r.cells.length !== header.length) {
      throw new AppError(
        'RETURNS_INVALID',
        `${file}: line ${r.line}: ${r.cells.length} cells where the header has ${header.length}`,
      );
    }
    const rec: Record<string, string> = {};
    header.forEach((h, i) => (rec[h] = r.cells[i] ?? ''));
    const row = toRow(rec, cols, r.line, file, issues);
    if (row) rows.push(row);
  }
  noTimeWarning(rows, issues, cols, file);
  return { rows, issues };
}
