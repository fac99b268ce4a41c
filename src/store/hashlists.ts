// Hash lists, their version history and entries (the app layer drives imports).
import { canonicalJson } from '../domain/canonical.js';
import type { HashListEntry } from '../domain/hashlist-entry.js';
import type { StoreQ } from './port.js';

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

/** The list of that name, or undefined. */
export async function getHashList(q: StoreQ, name: string): Promise<HashListRow | undefined> {
  const r = await q.db.selectFrom('hash_list').selectAll().where('name', '=', name).executeTakeFirst();
  return r as HashListRow | undefined;
}

/** Every current list, by name. */
export async function listHashLists(q: StoreQ): Promise<HashListRow[]> {
  return (await q.db.selectFrom('hash_list').selectAll().orderBy('name').execute()) as HashListRow[];
}

/** The history of one list (or of all lists), oldest first. */
export async function listHashListVersions(q: StoreQ, name?: string): Promise<HashListVersionRow[]> {
  let s = q.db.selectFrom('hash_list_version').selectAll();
  if (name !== undefined) s = s.where('list_name', '=', name);
  return (await s.orderBy('list_name').orderBy('version').execute()) as HashListVersionRow[];
}

/** The next version number of a name (history survives removal). */
export async function nextListVersion(q: StoreQ, name: string): Promise<number> {
  const r = await q.db
    .selectFrom('hash_list_version')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('list_name', '=', name)
    .executeTakeFirst();
  return Number(r?.v ?? 0) + 1;
}

/** The source row of a hash-list file with this SHA-256, if one was recorded. */
export async function hashListSourceId(q: StoreQ, sha256: string): Promise<string | undefined> {
  const r = await q.db
    .selectFrom('source')
    .select('id')
    .where('kind', '=', 'hash-list')
    .where('sha256', '=', sha256)
    .orderBy('id')
    .executeTakeFirst();
  return r?.id;
}

/** A hash-list file to record as a source. */
export interface HashListSource {
  readonly id: string;
  readonly sha256: string;
  readonly label: string;
  readonly originalPath: string;
  readonly toolVersion: string;
  readonly metadata: string;
}

/** Record a hash-list file as a source (idempotent on its id). */
export async function insertHashListSource(q: StoreQ, s: HashListSource): Promise<void> {
  await q.db
    .insertInto('source')
    .values({
      id: s.id,
      kind: 'hash-list',
      sha256: s.sha256,
      label: s.label,
      original_path: s.originalPath,
      imported_at: new Date().toISOString(),
      options: '{}',
      metadata: s.metadata,
      tool_version: s.toolVersion,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Delete a list's matches and entries (keeps its history). Returns the number of entries removed. */
export async function deleteListEntries(q: StoreQ, name: string): Promise<number> {
  await q.db.deleteFrom('match').where('list_name', '=', name).execute();
  const r = await q.db.deleteFrom('hash_list_entry').where('list_name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows);
}

const ENTRY_COLUMNS = [
  'list_name',
  'version',
  'signal_type',
  'value',
  'category',
  'scheme',
  'record_id',
  'series',
  'extra',
  'line',
  'position',
] as const;

/**
 * Store a batch of entries of one list version through the bulk path (prepared inserts on SQLite, COPY on
 * PostgreSQL); call inside a transaction. The position is stored only when it says more than the line.
 */
export async function insertEntries(
  q: StoreQ,
  name: string,
  version: number,
  batch: readonly HashListEntry[],
): Promise<number> {
  function* rows(): Generator<unknown[]> {
    for (const e of batch)
      yield [
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
      ];
  }
  return q.bulk.insert('hash_list_entry', ENTRY_COLUMNS, rows());
}

/** Drop the entries of this list whose record id a tombstone in the same file deleted. */
export async function dropDeletedRecords(
  q: StoreQ,
  name: string,
  recordIds: readonly string[],
): Promise<number> {
  let n = 0;
  for (let i = 0; i < recordIds.length; i += 500) {
    const r = await q.db
      .deleteFrom('hash_list_entry')
      .where('list_name', '=', name)
      .where('record_id', 'in', recordIds.slice(i, i + 500))
      .executeTakeFirst();
    n += Number(r.numDeletedRows);
  }
  return n;
}

/** Make `version` the current version of the list (creating the list row), closing the previous one. */
export async function setCurrentVersion(
  q: StoreQ,
  v: Omit<HashListVersionRow, 'status' | 'ended_at' | 'list_name'> & { name: string },
): Promise<void> {
  const now = v.added_at;
  await q.db
    .updateTable('hash_list_version')
    .set({ status: 'replaced', ended_at: now })
    .where('list_name', '=', v.name)
    .where('status', '=', 'current')
    .execute();
  await q.db
    .insertInto('hash_list_version')
    .values({
      list_name: v.name,
      version: v.version,
      source_id: v.source_id,
      sha256: v.sha256,
      format: v.format,
      role: v.role,
      entries: v.entries,
      status: 'current',
      added_at: now,
      added_by: v.added_by,
      metadata: v.metadata,
    })
    .execute();
  const row = {
    name: v.name,
    role: v.role,
    format: v.format,
    version: v.version,
    source_id: v.source_id,
    entries: v.entries,
    created_at: now,
    updated_at: now,
  };
  await q.db
    .insertInto('hash_list')
    .values(row)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({
        role: row.role,
        format: row.format,
        version: row.version,
        source_id: row.source_id,
        entries: row.entries,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Remove a list: its matches, entries and row; its history stays with status `removed`. */
export async function removeHashList(q: StoreQ, name: string, at: string): Promise<number> {
  const n = await deleteListEntries(q, name);
  await q.db
    .updateTable('hash_list_version')
    .set({ status: 'removed', ended_at: at })
    .where('list_name', '=', name)
    .where('status', '=', 'current')
    .execute();
  await q.db.deleteFrom('hash_list').where('name', '=', name).execute();
  return n;
}

/** Entry counts of one list by signal type. */
export async function entryCountsByType(q: StoreQ, name: string): Promise<Record<string, number>> {
  const rows = await q.db
    .selectFrom('hash_list_entry')
    .select((eb) => ['signal_type', eb.fn.countAll<number>().as('n')])
    .where('list_name', '=', name)
    .groupBy('signal_type')
    .orderBy('signal_type')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.signal_type, Number(r.n)]));
}
