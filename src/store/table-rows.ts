import type Database from 'better-sqlite3';
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
];

/** Tables recomputed from evidence and settings (hash, match, analyse, attribution, triage). */
export const DERIVED_TABLES: readonly string[] = [
  'signal',
  'media_exif',
  'media_hash_issue',
  'match',
  ...ANALYSIS_TABLES,
];

/** The compared columns of a table, in declaration order (integer primary keys of autoincrement tables left out). */
export function comparedColumns(raw: Database.Database, table: string): string[] {
  const cols = raw.prepare(`SELECT name, type, pk FROM pragma_table_info(?)`).all(table) as {
    name: string;
    type: string;
    pk: number;
  }[];
  const rowidAlias =
    cols.filter((c) => c.pk > 0).length === 1 && cols.some((c) => c.pk === 1 && c.type === 'INTEGER');
  return cols
    .filter((c) => !VOLATILE_COLUMNS.has(c.name) && !(rowidAlias && c.pk === 1 && c.name === 'id'))
    .map((c) => c.name);
}

/** The key a table's rows are compared on: its primary key's compared columns, else every compared column. */
export function tableKey(raw: Database.Database, table: string): string[] {
  const cols = comparedColumns(raw, table);
  const pk = (
    raw.prepare(`SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).all(table) as {
      name: string;
    }[]
  ).map((c) => c.name);
  // A key column left out (an autoincrement id) leaves the rest of the key: rows are still paired on it.
  const kept = pk.filter((c) => cols.includes(c));
  return kept.length > 0 ? kept : cols;
}

/** Every row of a table over the given columns, ordered by the key, then by every column (canonical order). */
export function* tableRows(
  raw: Database.Database,
  table: string,
  columns: readonly string[],
  key: readonly string[],
): Generator<CanonicalRow> {
  const order = [...key, ...columns.filter((c) => !key.includes(c))];
  const sql = `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY ${order
    .map((c) => `"${c}"`)
    .join(', ')}`;
  for (const r of raw.prepare(sql).iterate() as Iterable<Record<string, unknown>>) {
    const row: CanonicalRow = {};
    for (const c of columns) {
      const v = r[c];
      row[c] = typeof v === 'bigint' ? Number(v) : ((v as string | number | null | undefined) ?? null);
    }
    yield row;
  }
}
