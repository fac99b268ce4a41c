import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../domain/canonical.js';
import type { StoreQ } from './port.js';
import { compareValues } from '../domain/row-diff.js';
import {
  HASHLIST_PARTS,
  partsOfKind,
  type CanonicalRow,
  type DigestPart,
  type RowDigest,
} from './row-digest.js';

/** A SQL literal for a digest argument (ids and names are text, versions integers). */
function literal(v: string | number): string {
  return typeof v === 'number' ? String(Math.trunc(v)) : `'${v.replace(/'/g, "''")}'`;
}

/** The part's declared SQL with its arguments in place. */
function partSql(p: DigestPart, args: readonly (string | number)[]): string {
  const [a, b] = args;
  let text = p.sql.replace(/@a\b/g, literal(a ?? ''));
  if (b !== undefined) text = text.replace(/@b\b/g, literal(b));
  return text;
}

/** A part's columns in canonical JSON's key order (sorted), computed once per part. */
const sortedColumns = new WeakMap<DigestPart, readonly string[]>();

/**
 * One result row as a canonical row: the part's columns by name, integers as numbers. Its keys are inserted in
 * sorted order, so that `JSON.stringify` of it is its canonical JSON (see `canonicalLine`).
 */
function canonicalRow(p: DigestPart, r: Record<string, unknown>): CanonicalRow {
  let cols = sortedColumns.get(p);
  if (!cols) sortedColumns.set(p, (cols = [...p.columns].sort()));
  const row: CanonicalRow = {};
  for (const c of cols) {
    const v = r[c];
    row[c] = typeof v === 'bigint' ? Number(v) : ((v as string | number | null | undefined) ?? null);
  }
  return row;
}

/**
 * `canonicalJson(row)` without re-sorting: a canonical row's keys are already sorted (no column name is an array
 * index, which objects would order first) and its values are scalars; any other value takes the general path.
 */
function canonicalLine(row: CanonicalRow): string {
  for (const k in row) {
    const v = row[k];
    if (v !== null && typeof v === 'object') return canonicalJson(row);
  }
  return JSON.stringify(row);
}

/** Two values in `compareValues`' order (same sign), without splitting strings into code points. */
function compareFast(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string') {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      let x = a.charCodeAt(i);
      let y = b.charCodeAt(i);
      if (x === y) continue;
      // UTF-16 units order as code points except surrogates against U+E000..U+FFFF: shift both ranges.
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
    return a.length - b.length;
  }
  return compareValues(a, b);
}

/** The rows' order by the part's key (the order every database's digest is defined in). */
function byKey(p: DigestPart): (x: CanonicalRow, y: CanonicalRow) => number {
  return (x, y) => {
    for (const k of p.key) {
      const d = compareFast(x[k] ?? null, y[k] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  };
}

/**
 * The canonical rows of one part, in order. The parts are declared SQL (ADR 0010: they define digests already
 * recorded in audit trails, so they are frozen text, not builder code); the same text runs on both databases.
 */
export async function partRowsOf(
  q: StoreQ,
  p: DigestPart,
  args: readonly (string | number)[],
): Promise<CanonicalRow[]> {
  const rows: CanonicalRow[] = [];
  await q.scan(partSql(p, args), (batch) => {
    for (const r of batch) rows.push(canonicalRow(p, r));
  });
  // The database orders text by its collation (PostgreSQL's may not be binary): order by the key in code, as
  // SQLite's binary order does, so that every database gives the same digest.
  return rows.sort(byKey(p));
}

/**
 * The digest of one part, streamed: the rows are hashed as the database returns them while each is checked to
 * follow the previous one in key order (then the stable sort of `partRowsOf` would not move any); only when the
 * database's order differs (a non-binary collation) are the rows read again, held and sorted.
 */
async function partDigest(q: StoreQ, p: DigestPart, args: readonly (string | number)[]): Promise<string> {
  const order = byKey(p);
  let h = createHash('sha256');
  let prev: CanonicalRow | null = null;
  let sorted = true;
  await q.scan(partSql(p, args), (batch) => {
    if (!sorted) return;
    // One hash update per batch (the hash of the concatenated lines is the same as line by line).
    let lines = '';
    for (const r of batch) {
      const row = canonicalRow(p, r);
      if (prev && order(prev, row) > 0) {
        sorted = false;
        return;
      }
      lines += canonicalLine(row) + '\n';
      prev = row;
    }
    h.update(lines);
  });
  if (sorted) return h.digest('hex');
  h = createHash('sha256');
  for (const row of await partRowsOf(q, p, args)) h.update(canonicalLine(row) + '\n');
  return h.digest('hex');
}

/** The digest of one subject (a source id, or a hash-list name and version) over the given parts. */
export async function digestOfRows(
  q: StoreQ,
  parts: readonly DigestPart[],
  args: readonly (string | number)[],
): Promise<RowDigest> {
  const out: Record<string, string> = {};
  for (const p of parts) out[p.name] = await partDigest(q, p, args);
  return { digest: sha256Hex(canonicalJson(out)), parts: out };
}

/** The digest of a source's rows, by its kind (null for kinds digested otherwise). */
export async function sourceDigest(q: StoreQ, sourceId: string): Promise<RowDigest | null> {
  const r = await q.db.selectFrom('source').select('kind').where('id', '=', sourceId).executeTakeFirst();
  const parts = r ? partsOfKind(r.kind) : undefined;
  return parts ? digestOfRows(q, parts, [sourceId]) : null;
}

/** The digest of a hash-list version's entries. */
export function hashListDigest(q: StoreQ, name: string, version: number): Promise<RowDigest> {
  return digestOfRows(q, HASHLIST_PARTS, [name, version]);
}
