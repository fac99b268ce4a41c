import type Database from 'better-sqlite3';
import type { RowDigest } from './row-digest.js';

/** A digest recorded in the audit trail, with the event that recorded it. */
export interface RecordedDigest {
  readonly seq: number;
  readonly command: string;
  readonly rows: RowDigest;
}

/** The latest digests recorded in the audit trail: per source id, and per hash-list `name@version`. */
export interface RecordedDigests {
  readonly sources: Map<string, RecordedDigest>;
  readonly lists: Map<string, RecordedDigest>;
  /** The version of each hash list the trail says is current (added, not removed since). */
  readonly currentLists: Map<string, number>;
  /** Sources named by an import or returns event recorded before row digests existed. */
  readonly legacy: Set<string>;
}

/** Command of the audit event that re-records the digests of sources a `vigie link` rewrote. */
export const ROWS_COMMAND = 'rows';

const isDigest = (v: unknown): v is RowDigest =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { digest?: unknown }).digest === 'string' &&
  typeof (v as { parts?: unknown }).parts === 'object';

/** Read every row digest the audit trail records (later events override earlier ones). */
export function recordedDigests(raw: Database.Database): RecordedDigests {
  const out: RecordedDigests = {
    sources: new Map(),
    lists: new Map(),
    currentLists: new Map(),
    legacy: new Set(),
  };
  const events = raw
    .prepare(
      `SELECT seq, command, subject, details FROM audit_event
       WHERE command IN ('import', 'returns add', 'hashlist add', 'hashlist remove', '${ROWS_COMMAND}') ORDER BY seq`,
    )
    .iterate() as Iterable<{ seq: number; command: string; subject: string; details: string }>;
  for (const e of events) {
    const d = JSON.parse(e.details) as Record<string, unknown>;
    const rows = d['rowDigest'];
    if (e.command === 'hashlist remove') out.currentLists.delete(e.subject);
    else if (e.command === 'hashlist add') {
      if (typeof d['version'] === 'number') out.currentLists.set(e.subject, d['version']);
      if (isDigest(rows))
        out.lists.set(`${e.subject}@${String(d['version'])}`, { seq: e.seq, command: e.command, rows });
    } else if (e.command === ROWS_COMMAND) {
      const all = (d['digests'] ?? {}) as Record<string, unknown>;
      for (const [id, r] of Object.entries(all))
        if (isDigest(r)) out.sources.set(id, { seq: e.seq, command: e.command, rows: r });
    } else if (isDigest(rows)) out.sources.set(e.subject, { seq: e.seq, command: e.command, rows });
    else out.legacy.add(e.subject);
  }
  return out;
}
