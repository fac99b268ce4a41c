// Matches of media against hash-list entries, media status and the figures derived from them.
import type Database from 'better-sqlite3';

import type { MediaStatus } from '../domain/media-status.js';

export type { MediaStatus } from '../domain/media-status.js';

/** A PDQ match found by the index, ready to store. */
export interface PdqMatchRow {
  readonly sha256: string;
  readonly entryId: number;
  readonly listName: string;
  readonly convention: string;
  readonly distance: number;
  readonly variant: string;
}

/** Delete matches (all, or of one list) before a recomputation. */
export function clearMatches(raw: Database.Database, listName?: string): void {
  if (listName === undefined) raw.prepare('DELETE FROM match').run();
  else raw.prepare('DELETE FROM match WHERE list_name = ?').run(listName);
}

/** Store exact matches of md5/sha1/sha256 media signals (all lists, or one). Returns how many were added. */
export function insertExactMatches(raw: Database.Database, runId: string, listName?: string): number {
  // Scan the entries (all, or one list's through hash_list_entry_list) and probe the media signal index.
  const sql = `INSERT OR IGNORE INTO match (sha256, entry_id, list_name, signal_type, convention, distance, variant, run_id)
    SELECT s.sha256, e.id, e.list_name, e.signal_type, s.convention, 0, 'orig', ?
    FROM hash_list_entry e CROSS JOIN signal s INDEXED BY signal_type_value ON s.type = e.signal_type AND s.value = e.value
    WHERE e.signal_type IN ('md5', 'sha1', 'sha256')${listName === undefined ? '' : ' AND e.list_name = ?'}`;
  return raw.prepare(sql).run(...(listName === undefined ? [runId] : [runId, listName])).changes;
}

/** Visit every PDQ entry (all lists, or one) as [entry id, list name, hex], in id order. */
export function forEachPdqEntry(
  raw: Database.Database,
  visit: (id: number, list: string, hex: string) => void,
  listName?: string,
): number {
  const stmt = raw
    .prepare(
      `SELECT id, list_name, value FROM hash_list_entry WHERE signal_type = 'pdq'${listName === undefined ? '' : ' AND list_name = ?'} ORDER BY id`,
    )
    .raw(true);
  let n = 0;
  for (const row of stmt.iterate(...(listName === undefined ? [] : [listName])) as Iterable<
    [number, string, string]
  >) {
    visit(row[0], row[1], row[2]);
    n++;
  }
  return n;
}

/** A media PDQ signal: the stored hash, its quality, and the 8 dihedral hashes when the hasher stored them. */
export interface MediaPdq {
  readonly sha256: string;
  readonly convention: string;
  readonly value: string;
  readonly quality: number | null;
  readonly dihedral: string | null;
}

/** Every media PDQ signal, with its dihedral row (`dihedralType`, comma-separated, orig first) when present. */
export function listMediaPdq(raw: Database.Database, dihedralType: string): MediaPdq[] {
  return raw
    .prepare(
      `SELECT p.sha256, p.convention, p.value, p.quality, d.value AS dihedral
       FROM signal p LEFT JOIN signal d ON d.sha256 = p.sha256 AND d.type = ? AND d.convention = p.convention
       WHERE p.type = 'pdq' ORDER BY p.sha256, p.convention`,
    )
    .all(dihedralType) as MediaPdq[];
}

/** Store PDQ matches, keeping per (media, entry) the smallest distance (ties: the first stored). */
export function insertPdqMatches(raw: Database.Database, runId: string, rows: readonly PdqMatchRow[]): void {
  const ins = raw.prepare(
    `INSERT INTO match (sha256, entry_id, list_name, signal_type, convention, distance, variant, run_id)
     VALUES (?, ?, ?, 'pdq', ?, ?, ?, ?)
     ON CONFLICT (sha256, entry_id) DO UPDATE SET distance = excluded.distance, variant = excluded.variant,
       convention = excluded.convention, run_id = excluded.run_id
     WHERE excluded.distance < match.distance`,
  );
  for (const r of rows) ins.run(r.sha256, r.entryId, r.listName, r.convention, r.distance, r.variant, runId);
}

const STATUS_SQL = `
  SELECT m.sha256 AS sha256, m.kind AS kind,
    CASE
      WHEN EXISTS (SELECT 1 FROM match x JOIN hash_list l ON l.name = x.list_name WHERE x.sha256 = m.sha256 AND l.role = 'alert') THEN 'known'
      WHEN EXISTS (SELECT 1 FROM match x JOIN hash_list l ON l.name = x.list_name WHERE x.sha256 = m.sha256 AND l.role = 'ignore') THEN 'ignored'
      WHEN EXISTS (SELECT 1 FROM signal s WHERE s.sha256 = m.sha256 AND s.type = 'sha256') THEN 'new'
      ELSE 'unhashed'
    END AS status
  FROM media m`;

/** Counts of media by status, for `vigie stats` (knownMedia, newMedia, ignoredMedia, unhashedMedia). */
export function mediaStatusCounts(raw: Database.Database): {
  knownMedia: number;
  newMedia: number;
  ignoredMedia: number;
  unhashedMedia: number;
} {
  const rows = raw.prepare(`SELECT status, count(*) AS n FROM (${STATUS_SQL}) GROUP BY status`).all() as {
    status: MediaStatus;
    n: number;
  }[];
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Partial<Record<MediaStatus, number>>;
  return {
    knownMedia: by.known ?? 0,
    newMedia: by.new ?? 0,
    ignoredMedia: by.ignored ?? 0,
    unhashedMedia: by.unhashed ?? 0,
  };
}

/** One media with its status, md5, pdq (first convention) and number of occurrences. */
export interface MediaStatusRow {
  readonly sha256: string;
  readonly kind: string;
  readonly status: MediaStatus;
  readonly md5: string | null;
  readonly pdq: string | null;
  readonly occurrences: number;
}

/** Media with status, optionally of some statuses or one sha256, in sha256 order. */
export function listMediaStatus(
  raw: Database.Database,
  opts: { statuses?: readonly MediaStatus[]; sha256?: string },
): MediaStatusRow[] {
  const where: string[] = [];
  const params: string[] = [];
  if (opts.statuses?.length) {
    where.push(`st.status IN (${opts.statuses.map(() => '?').join(', ')})`);
    params.push(...opts.statuses);
  }
  if (opts.sha256 !== undefined) {
    where.push('st.sha256 = ?');
    params.push(opts.sha256);
  }
  return raw
    .prepare(
      `SELECT st.sha256, st.kind, st.status,
         (SELECT value FROM signal s WHERE s.sha256 = st.sha256 AND s.type = 'md5' LIMIT 1) AS md5,
         (SELECT value FROM signal s WHERE s.sha256 = st.sha256 AND s.type = 'pdq' ORDER BY s.convention LIMIT 1) AS pdq,
         (SELECT count(*) FROM media_occurrence o WHERE o.sha256 = st.sha256) AS occurrences
       FROM (${STATUS_SQL}) st ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY st.sha256`,
    )
    .all(...params) as MediaStatusRow[];
}

/** A stored match with its entry, list and source, for explaining a media's status. */
export interface MatchDetailRow {
  readonly sha256: string;
  readonly entry_id: number;
  readonly list_name: string;
  readonly role: string;
  readonly list_version: number;
  readonly signal_type: string;
  readonly value: string;
  readonly category: string | null;
  readonly scheme: string | null;
  readonly record_id: string | null;
  readonly series: string | null;
  readonly line: number | null;
  readonly position: string;
  readonly distance: number;
  readonly variant: string;
  readonly convention: string;
  readonly run_id: string | null;
  readonly source_id: string;
  readonly source_sha256: string;
  readonly source_path: string;
}

/** Matches of the given media (all media when absent), ordered by media, distance, list, entry. */
export function listMatchDetails(raw: Database.Database, sha256?: string): MatchDetailRow[] {
  return raw
    .prepare(
      `SELECT x.sha256, x.entry_id, x.list_name, l.role, e.version AS list_version, x.signal_type, e.value,
              e.category, e.scheme, e.record_id, e.series, e.line,
              coalesce(e.position, 'line ' || e.line) AS position, x.distance, x.variant,
              x.convention, x.run_id, l.source_id, src.sha256 AS source_sha256, src.original_path AS source_path
       FROM match x JOIN hash_list_entry e ON e.id = x.entry_id JOIN hash_list l ON l.name = x.list_name
       JOIN hash_list_version v ON v.list_name = e.list_name AND v.version = e.version
       JOIN source src ON src.id = v.source_id
       ${sha256 === undefined ? '' : 'WHERE x.sha256 = ?'}
       ORDER BY x.sha256, x.distance, x.list_name, x.entry_id`,
    )
    .all(...(sha256 === undefined ? [] : [sha256])) as MatchDetailRow[];
}

/** Occurrences of one media (chat, message, path, source), in chat/message order. */
export function listOccurrences(
  raw: Database.Database,
  sha256: string,
): { chat_id: string; message_id: number; role: string; path: string; source_id: string }[] {
  return raw
    .prepare(
      `SELECT chat_id, message_id, role, path, source_id FROM media_occurrence WHERE sha256 = ? ORDER BY chat_id, message_id, role, source_id`,
    )
    .all(sha256) as { chat_id: string; message_id: number; role: string; path: string; source_id: string }[];
}

/** Number of stored matches. */
export function countMatches(raw: Database.Database): number {
  return (raw.prepare('SELECT count(*) AS n FROM match').get() as { n: number }).n;
}
