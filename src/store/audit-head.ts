import type Database from 'better-sqlite3';

/** The last audit event: its sequence number, hash and command. */
export interface AuditHead {
  seq: number;
  hash: string;
  command: string;
}

/** The head of the audit chain, or null for an empty trail. */
export function auditHead(raw: Database.Database): AuditHead | null {
  const row = raw.prepare('SELECT seq, hash, command FROM audit_event ORDER BY seq DESC LIMIT 1').get() as
    AuditHead | undefined;
  return row ?? null;
}

/** The stored hash of the event at `seq`, or null when there is none. */
export function auditHashAt(raw: Database.Database, seq: number): string | null {
  const row = raw.prepare('SELECT hash FROM audit_event WHERE seq = ?').get(seq) as
    { hash: string } | undefined;
  return row?.hash ?? null;
}

/** The case id: the hash of audit event 1 (`init`), or null when the trail has no first event. */
export function caseIdOf(raw: Database.Database): string | null {
  return auditHashAt(raw, 1);
}
