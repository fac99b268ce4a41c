import { sql } from 'kysely';
import type { StoreQ } from './port.js';
import { primaryKey } from './integrity.js';
import { compareValues } from '../domain/row-diff.js';
import type { CanonicalRow } from './row-digest.js';

/**
 * Row-for-row reading of whole tables, for comparing a case with its replay (`vigie verify --replay`). Columns are
 * read by name from the table's declaration; columns that record when, by whom or in which run a row was written
 * (and autoincrement ids) differ on any replay and are left out.
 */

/** Columns no replay reproduces: times, users, run ids, paths of the original files, autoincrement ids. */
export const VOLATILE_COLUMNS: ReadonlySet<string> = new Set([
  'run_id',
  'imported_at',
  'stored_at',
  'original_path',
  'created_at',
  'updated_at',
  'added_at',
  'added_by',
  'ended_at',
  'linked_at',
  'audit_seq',
  'entry_id',
]);

/** Tables whose rows come from evidence (imports, returns, hash lists, links). */
export const EVIDENCE_TABLES: readonly string[] = [
  'source',
  'source_file',
  'evidence',
  'chat',
  'chat_title',
  'chat_source',
  'actor',
  'actor_name',
  'message',
  'message_version',
  'message_source',
  'media',
  'media_occurrence',
  'membership',
  'return_row',
  'hash_list',
  'hash_list_version',
  'hash_list_entry',
  'id_alias',
];

/** Tables written by analyse, attribution and triage. */
export const ANALYSIS_TABLES: readonly string[] = [
  'cluster',
  'cluster_member',
  'actor_profile',
  'network_edge',
  'attribution',
  'score',
  'cluster_production',
];

/** Tables recomputed from evidence and settings (hash, match, analyse, attribution, triage). */
export const DERIVED_TABLES: readonly string[] = [
  'signal',
  'media_exif',
  'media_hash_issue',
  'match',
  ...ANALYSIS_TABLES,
];

/** A column of a table: its name, its place in the primary key (0: none) and whether it holds integers. */
export interface TableColumn {
  readonly name: string;
  readonly pk: number;
  readonly integer: boolean;
}

/** The columns of a table in declaration order, from the catalogue of either database. */
export async function tableColumns(q: StoreQ, table: string): Promise<TableColumn[]> {
  if (q.dialect === 'sqlite') {
    const r = await sql<{ name: string; type: string; pk: number }>`
      SELECT name, type, pk FROM pragma_table_info(${table}) ORDER BY cid`.execute(q.db);
    return r.rows.map((c) => ({ name: c.name, pk: Number(c.pk), integer: c.type === 'INTEGER' }));
  }
  const pk = await primaryKey(q, table);
  const r = await sql<{ name: string; type: string }>`
    SELECT column_name AS name, data_type AS type FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(q.db);
  // A message's search vector (migration 14) is part of the derived search index: never copied or compared.
  return r.rows
    .filter((c) => !(table === 'message' && c.name === 'tsv'))
    .map((c) => ({ name: c.name, pk: pk.indexOf(c.name) + 1, integer: c.type === 'bigint' }));
}

/** The compared columns of a table, in declaration order (integer primary keys of autoincrement tables left out). */
export function comparedColumns(cols: readonly TableColumn[]): string[] {
  const rowidAlias = cols.filter((c) => c.pk > 0).length === 1 && cols.some((c) => c.pk === 1 && c.integer);
  return cols
    .filter((c) => !VOLATILE_COLUMNS.has(c.name) && !(rowidAlias && c.pk === 1 && c.name === 'id'))
    .map((c) => c.name);
}

/** The key a table's rows are compared on: its primary key's compared columns, else every compared column. */
export function tableKey(cols: readonly TableColumn[]): string[] {
  const compared = comparedColumns(cols);
  const pk = cols
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  // A key column left out (an autoincrement id) leaves the rest of the key: rows are still paired on it.
  const kept = pk.filter((c) => compared.includes(c));
  return kept.length > 0 ? kept : compared;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** One value read by name as a canonical value (bigints as numbers, absent as null). */
export function canonicalValue(v: unknown): string | number | null {
  return typeof v === 'bigint' ? Number(v) : ((v as string | number | null | undefined) ?? null);
}

/**
 * Rows of a table over the given columns, ordered by `order` (the key, then every other column), one page of
 * `limit` rows from `offset`. The same SQL on both databases; text orders alike (binary on SQLite, C collation).
 */
export async function tablePage(
  q: StoreQ,
  table: string,
  columns: readonly string[],
  order: readonly string[],
  offset: number,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const text = `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${order
    .map(quote)
    .join(', ')} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`;
  return (await sql<Record<string, unknown>>`${sql.raw(text)}`.execute(q.db)).rows;
}

/** Every row of a table over the given columns, ordered by the key, then by every column (canonical order). */
export async function tableRows(
  q: StoreQ,
  table: string,
  columns: readonly string[],
  key: readonly string[],
): Promise<CanonicalRow[]> {
  const order = [...key, ...columns.filter((c) => !key.includes(c))];
  const out: CanonicalRow[] = [];
  const page = 5000;
  for (let offset = 0; ; offset += page) {
    const rows = await tablePage(q, table, columns, order, offset, page);
    for (const r of rows) {
      const row: CanonicalRow = {};
      for (const c of columns) row[c] = canonicalValue(r[c]);
      out.push(row);
    }
    if (rows.length < page) break;
  }
  // The database's text order depends on its collation (PostgreSQL's may not be binary): order in code.
  return out.sort((a, b) => {
    for (const c of order) {
      const d = compareValues(a[c] ?? null, b[c] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  });
}
