import { createHash } from 'node:crypto';
import { sql } from 'kysely';
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

/**
 * The canonical rows of one part, in order. The parts are declared SQL (ADR 0010: they define digests already
 * recorded in audit trails, so they are frozen text, not builder code); the same text runs on both databases.
 */
export async function partRowsOf(
  q: StoreQ,
  p: DigestPart,
  args: readonly (string | number)[],
): Promise<CanonicalRow[]> {
  const [a, b] = args;
  let text = p.sql.replace(/@a\b/g, literal(a ?? ''));
  if (b !== undefined) text = text.replace(/@b\b/g, literal(b));
  const res = await sql<Record<string, unknown>>`${sql.raw(text)}`.execute(q.db);
  const rows = res.rows.map((r) => {
    const row: CanonicalRow = {};
    for (const c of p.columns) {
      const v = r[c];
      row[c] = typeof v === 'bigint' ? Number(v) : ((v as string | number | null | undefined) ?? null);
    }
    return row;
  });
  // The database orders text by its collation (PostgreSQL's may not be binary): order by the key in code, as
  // SQLite's binary order does, so that every database gives the same digest.
  return rows.sort((x, y) => {
    for (const k of p.key) {
      const d = compareValues(x[k] ?? null, y[k] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  });
}

/** The digest of one subject (a source id, or a hash-list name and version) over the given parts. */
export async function digestOfRows(
  q: StoreQ,
  parts: readonly DigestPart[],
  args: readonly (string | number)[],
): Promise<RowDigest> {
  const out: Record<string, string> = {};
  for (const p of parts) {
    const h = createHash('sha256');
    for (const row of await partRowsOf(q, p, args)) h.update(canonicalJson(row)).update('\n');
    out[p.name] = h.digest('hex');
  }
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
