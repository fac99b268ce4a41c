// vPDQ inputs and results: vpdq list entries, case videos' vpdq signals, and the matches of the vPDQ stage.
import type Database from 'better-sqlite3';

/** A stored vPDQ match (video ↔ video entry, video frame ↔ image entry, image ↔ video entry frame). */
export interface VpdqMatchStoreRow {
  readonly sha256: string;
  readonly entryId: number;
  readonly listName: string;
  readonly signalType: string;
  readonly convention: string;
  readonly distance: number;
  readonly variant: string;
}

/** Every vpdq entry (all lists, or one) as [entry id, list name, value], in id order. */
export function listVpdqEntries(
  raw: Database.Database,
  listName?: string,
): { id: number; list_name: string; value: string }[] {
  return raw
    .prepare(
      `SELECT id, list_name, value FROM hash_list_entry WHERE signal_type = 'vpdq'${listName === undefined ? '' : ' AND list_name = ?'} ORDER BY id`,
    )
    .all(...(listName === undefined ? [] : [listName])) as { id: number; list_name: string; value: string }[];
}

/** Every media vpdq signal (sha256, size convention, frames text), or one media's, in sha256 order. */
export function listMediaVpdq(
  raw: Database.Database,
  sha256?: string,
): { sha256: string; convention: string; value: string }[] {
  const one = sha256 === undefined ? '' : ' AND sha256 = ?';
  return raw
    .prepare(
      `SELECT sha256, convention, value FROM signal WHERE type = 'vpdq'${one} ORDER BY sha256, convention`,
    )
    .all(...(sha256 === undefined ? [] : [sha256])) as {
    sha256: string;
    convention: string;
    value: string;
  }[];
}

/** Store vPDQ-stage matches, keeping per (media, entry) the smallest distance (ties: the first stored). */
export function insertVpdqMatches(
  raw: Database.Database,
  runId: string,
  rows: readonly VpdqMatchStoreRow[],
): void {
  const ins = raw.prepare(
    `INSERT INTO match (sha256, entry_id, list_name, signal_type, convention, distance, variant, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sha256, entry_id) DO UPDATE SET distance = excluded.distance, variant = excluded.variant,
       convention = excluded.convention, signal_type = excluded.signal_type, run_id = excluded.run_id
     WHERE excluded.distance < match.distance`,
  );
  for (const r of rows)
    ins.run(r.sha256, r.entryId, r.listName, r.signalType, r.convention, r.distance, r.variant, runId);
}
