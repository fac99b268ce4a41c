import type { StoreQ } from './port.js';
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

/** The audit commands that record row digests. */
export const DIGEST_COMMANDS: readonly string[] = [
  'import',
  'returns add',
  'hashlist add',
  'hashlist remove',
  ROWS_COMMAND,
];

/** An audit event as the digest reader needs it. */
export interface DigestEvent {
  readonly seq: number;
  readonly command: string;
  readonly subject: string;
  readonly details: string;
}

const isDigest = (v: unknown): v is RowDigest =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { digest?: unknown }).digest === 'string' &&
  typeof (v as { parts?: unknown }).parts === 'object';

/** The row digests the given audit events record, in seq order (later events override earlier ones). */
export function digestsOfEvents(events: Iterable<DigestEvent>): RecordedDigests {
  const out: RecordedDigests = {
    sources: new Map(),
    lists: new Map(),
    currentLists: new Map(),
    legacy: new Set(),
  };
  for (const e of events) {
    if (!DIGEST_COMMANDS.includes(e.command)) continue;
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

/** Read every row digest the audit trail records (later events override earlier ones). */
export async function recordedDigests(q: StoreQ): Promise<RecordedDigests> {
  const events = await q.db
    .selectFrom('audit_event')
    .select(['seq', 'command', 'subject', 'details'])
    .where('command', 'in', [...DIGEST_COMMANDS])
    .orderBy('seq')
    .execute();
  return digestsOfEvents(events);
}
