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

/** How a part's result rows (arrays in the order of its columns) are read, computed once per part. */
interface Shape {
  /** Column positions in canonical JSON's key order (sorted names), and those names. */
  readonly sorted: readonly number[];
  readonly names: readonly string[];
  /** Positions of the part's key columns. */
  readonly key: readonly number[];
}

const shapes = new WeakMap<DigestPart, Shape>();

/** A part's shape, computed on first use. */
function shapeOf(p: DigestPart): Shape {
  let s = shapes.get(p);
  if (!s) {
    const names = [...p.columns].sort();
    s = {
      sorted: names.map((c) => p.columns.indexOf(c)),
      names,
      key: p.key.map((c) => p.columns.indexOf(c)),
    };
    shapes.set(p, s);
  }
  return s;
}

/** A stored value as a canonical one: integers as numbers. */
const scalar = (v: unknown): string | number | null =>
  typeof v === 'bigint' ? Number(v) : ((v as string | number | null | undefined) ?? null);

/** One result row as a canonical row: the part's columns by name (keys inserted in sorted order). */
function canonicalRow(p: DigestPart, r: readonly unknown[]): CanonicalRow {
  const { sorted, names } = shapeOf(p);
  const row: CanonicalRow = {};
  for (let i = 0; i < sorted.length; i++) row[names[i]!] = scalar(r[sorted[i]!]);
  return row;
}

/**
 * `canonicalJson(canonicalRow(p, r))` without re-sorting: a canonical row's keys are inserted sorted (no column name
 * is an array index, which objects would order first), so for scalar values `JSON.stringify` of it (V8's native
 * path, faster than writing the line value by value) is its canonical JSON; any other value takes the general path.
 */
function canonicalLine(p: DigestPart, r: readonly unknown[]): string {
  const row = canonicalRow(p, r);
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

/** Two result rows in the order of the part's key (the order every database's digest is defined in). */
function keyOrder(p: DigestPart): (x: readonly unknown[], y: readonly unknown[]) => number {
  const { key } = shapeOf(p);
  return (x, y) => {
    for (const j of key) {
      const d = compareFast(scalar(x[j]), scalar(y[j]));
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
  return (await sortedRows(q, p, args)).map((r) => canonicalRow(p, r));
}

/** A part's result rows, held and ordered by its key. */
async function sortedRows(
  q: StoreQ,
  p: DigestPart,
  args: readonly (string | number)[],
): Promise<(readonly unknown[])[]> {
  const rows: (readonly unknown[])[] = [];
  await q.scan(partSql(p, args), (batch) => {
    for (const r of batch) rows.push(r);
  });
  // The database orders text by its collation (PostgreSQL's may not be binary): order by the key in code, as
  // SQLite's binary order does, so that every database gives the same digest.
  return rows.sort(keyOrder(p));
}

/**
 * The digest of one part, streamed: the rows are hashed as the database returns them while each is checked to
 * follow the previous one in key order (then the stable sort of `partRowsOf` would not move any); only when the
 * database's order differs (a non-binary collation) are the rows read again, held and sorted.
 */
async function partDigest(q: StoreQ, p: DigestPart, args: readonly (string | number)[]): Promise<string> {
  const order = keyOrder(p);
  let h = createHash('sha256');
  let prev: readonly unknown[] | null = null;
  let sorted = true;
  await q.scan(partSql(p, args), (batch) => {
    if (!sorted) return;
    // One hash update per batch (the hash of the concatenated lines is the same as line by line).
    let lines = '';
    for (const r of batch) {
      if (prev && order(prev, r) > 0) {
        sorted = false;
        return;
      }
      lines += canonicalLine(p, r) + '\n';
      prev = r;
    }
    h.update(lines);
  });
  if (sorted) return h.digest('hex');
  h = createHash('sha256');
  for (const r of await sortedRows(q, p, args)) h.update(canonicalLine(p, r) + '\n');
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
