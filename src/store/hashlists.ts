// Hash lists, their version history and entries (SQL only; the app layer drives imports).
import type Database from 'better-sqlite3';
import { canonicalJson } from '../domain/canonical.js';

/** A hash list as listed by `vigie hashlist list`. */
export interface HashListRow {
  readonly name: string;
  readonly role: 'alert' | 'ignore';
  readonly format: string;
  readonly version: number;
  readonly source_id: string;
  readonly entries: number;
  readonly created_at: string;
  readonly updated_at: string;
}

/** One version in a list's history. */
export interface HashListVersionRow {
  readonly list_name: string;
  readonly version: number;
  readonly source_id: string;
  readonly sha256: string;
  readonly format: string;
  readonly role: string;
  readonly entries: number;
  readonly status: 'current' | 'replaced' | 'removed';
  readonly added_at: string;
  readonly added_by: string;
  readonly ended_at: string | null;
  readonly metadata: string;
}

/** An entry ready to store. */
export interface EntryRow {
  readonly signalType: string;
  readonly value: string;
  readonly category: string | null;
  readonly scheme: string | null;
  readonly recordId: string | null;
  readonly series: string | null;
  readonly extra: Readonly<Record<string, unknown>> | null;
  readonly line: number | null;
  /** Stored only when it says more than the line (`byte 1234`). */
  readonly position: string;
}

/** Start a write transaction that may span awaits (one connection; nothing else writes meanwhile). */
export function beginWrite(raw: Database.Database): void {
  // Bulk imports insert millions of random keys into the value index: give SQLite a page cache that holds it.
  raw.pragma('cache_size = -1048576');
  raw.exec('BEGIN IMMEDIATE');
}

/** Commit the transaction opened by beginWrite. */
export function commitWrite(raw: Database.Database): void {
  raw.exec('COMMIT');
}

/** Roll back the transaction opened by beginWrite (no-op when none is open). */
export function rollbackWrite(raw: Database.Database): void {
  if (raw.inTransaction) raw.exec('ROLLBACK');
}

/** The list of that name, or undefined. */
export function getHashList(raw: Database.Database, name: string): HashListRow | undefined {
  return raw.prepare('SELECT * FROM hash_list WHERE name = ?').get(name) as HashListRow | undefined;
}

/** Every current list, by name. */
export function listHashLists(raw: Database.Database): HashListRow[] {
  return raw.prepare('SELECT * FROM hash_list ORDER BY name').all() as HashListRow[];
}

/** The history of one list (or of all lists), oldest first. */
export function listHashListVersions(raw: Database.Database, name?: string): HashListVersionRow[] {
  return (
    name === undefined
      ? raw.prepare('SELECT * FROM hash_list_version ORDER BY list_name, version')
      : raw.prepare('SELECT * FROM hash_list_version WHERE list_name = ? ORDER BY version')
  ).all(...(name === undefined ? [] : [name])) as HashListVersionRow[];
}

/** The next version number of a name (history survives removal). */
export function nextListVersion(raw: Database.Database, name: string): number {
  const r = raw.prepare('SELECT max(version) AS v FROM hash_list_version WHERE list_name = ?').get(name) as {
    v: number | null;
  };
  return (r.v ?? 0) + 1;
}

/** The source row of a hash-list file with this SHA-256, if one was recorded. */
export function hashListSourceId(raw: Database.Database, sha256: string): string | undefined {
  const r = raw.prepare(`SELECT id FROM source WHERE kind = 'hash-list' AND sha256 = ?`).get(sha256) as
    { id: string } | undefined;
  return r?.id;
}

/** Record a hash-list file as a source (idempotent on its SHA-256). */
export function insertHashListSource(
  raw: Database.Database,
  s: {
    id: string;
    sha256: string;
    label: string;
    originalPath: string;
    toolVersion: string;
    metadata: string;
  },
): void {
  raw
    .prepare(
      `INSERT OR IGNORE INTO source (id, kind, sha256, label, original_path, imported_at, options, metadata, tool_version)
       VALUES (?, 'hash-list', ?, ?, ?, ?, '{}', ?, ?)`,
    )
    .run(s.id, s.sha256, s.label, s.originalPath, new Date().toISOString(), s.metadata, s.toolVersion);
}

/** Delete a list's matches and entries (keeps its history). Returns the number of entries removed. */
export function deleteListEntries(raw: Database.Database, name: string): number {
  raw.prepare('DELETE FROM match WHERE list_name = ?').run(name);
  return raw.prepare('DELETE FROM hash_list_entry WHERE list_name = ?').run(name).changes;
}

const ROWS_PER_INSERT = 100;
const ENTRY_COLUMNS =
  'list_name, version, signal_type, value, category, scheme, record_id, series, extra, line, position';

/** A prepared writer of entries for one list version (call inside beginWrite/commitWrite); multi-row inserts. */
export function entryWriter(
  raw: Database.Database,
  name: string,
  version: number,
): (batch: readonly EntryRow[]) => void {
  const sql = (rows: number): string =>
    `INSERT INTO hash_list_entry (${ENTRY_COLUMNS}) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const many = raw.prepare(sql(ROWS_PER_INSERT));
  const one = raw.prepare(sql(1));
  const params: unknown[] = [];
  const push = (e: EntryRow): void => {
    params.push(
      name,
      version,
      e.signalType,
      e.value,
      e.category,
      e.scheme,
      e.recordId,
      e.series,
      e.extra === null ? null : canonicalJson(e.extra),
      e.line,
      e.line !== null && e.position.startsWith('line ') ? null : e.position,
    );
  };
  return (batch) => {
    let i = 0;
    for (; i + ROWS_PER_INSERT <= batch.length; i += ROWS_PER_INSERT) {
      params.length = 0;
      for (let k = i; k < i + ROWS_PER_INSERT; k++) push(batch[k]!);
      many.run(params);
    }
    for (; i < batch.length; i++) {
      params.length = 0;
      push(batch[i]!);
      one.run(params);
    }
  };
}

/** Drop the entries of this version whose record id a tombstone in the same file deleted. */
export function dropDeletedRecords(
  raw: Database.Database,
  name: string,
  recordIds: readonly string[],
): number {
  const del = raw.prepare('DELETE FROM hash_list_entry WHERE list_name = ? AND record_id = ?');
  let n = 0;
  for (const id of recordIds) n += del.run(name, id).changes;
  return n;
}

/** Make `version` the current version of the list (creating the list row), closing the previous one. */
export function setCurrentVersion(
  raw: Database.Database,
  v: Omit<HashListVersionRow, 'status' | 'ended_at' | 'list_name'> & { name: string },
): void {
  const now = v.added_at;
  raw
    .prepare(
      `UPDATE hash_list_version SET status = 'replaced', ended_at = ? WHERE list_name = ? AND status = 'current'`,
    )
    .run(now, v.name);
  raw
    .prepare(
      `INSERT INTO hash_list_version (list_name, version, source_id, sha256, format, role, entries, status, added_at, added_by, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'current', ?, ?, ?)`,
    )
    .run(v.name, v.version, v.source_id, v.sha256, v.format, v.role, v.entries, now, v.added_by, v.metadata);
  raw
    .prepare(
      `INSERT INTO hash_list (name, role, format, version, source_id, entries, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET role = excluded.role, format = excluded.format, version = excluded.version,
         source_id = excluded.source_id, entries = excluded.entries, updated_at = excluded.updated_at`,
    )
    .run(v.name, v.role, v.format, v.version, v.source_id, v.entries, now, now);
}

/** Remove a list: its matches, entries and row; its history stays with status `removed`. */
export function removeHashList(raw: Database.Database, name: string, at: string): number {
  const n = deleteListEntries(raw, name);
  raw
    .prepare(
      `UPDATE hash_list_version SET status = 'removed', ended_at = ? WHERE list_name = ? AND status = 'current'`,
    )
    .run(at, name);
  raw.prepare('DELETE FROM hash_list WHERE name = ?').run(name);
  return n;
}

/** Entry counts of one list by signal type. */
export function entryCountsByType(raw: Database.Database, name: string): Record<string, number> {
  const rows = raw
    .prepare(
      'SELECT signal_type AS t, count(*) AS n FROM hash_list_entry WHERE list_name = ? GROUP BY signal_type ORDER BY signal_type',
    )
    .all(name) as { t: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
