import type Database from 'better-sqlite3';
import { AppError } from '../domain/errors.js';
import { appendAudit } from './audit.js';
import { digestOf, partsOfKind, type RowDigest } from './row-digest.js';
import { recordedDigests, ROWS_COMMAND } from './row-records.js';

/** The sources whose rows differ now from their latest recorded digest, with their current digest. */
export function changedRowDigests(raw: Database.Database): Map<string, RowDigest> {
  const rec = recordedDigests(raw);
  const out = new Map<string, RowDigest>();
  const sources = raw.prepare('SELECT id, kind FROM source ORDER BY id').all() as {
    id: string;
    kind: string;
  }[];
  for (const s of sources) {
    const parts = partsOfKind(s.kind);
    const r = rec.sources.get(s.id);
    if (!parts || !r) continue;
    const now = digestOf(raw, parts, [s.id]);
    if (now.digest !== r.rows.digest) out.set(s.id, now);
  }
  return out;
}

/**
 * Refuse to rewrite rows of a case whose rows already differ from their recorded digests (a legitimate rewrite
 * re-records digests, which must not launder an earlier tampering).
 */
export function assertRowsIntact(raw: Database.Database, what: string): void {
  const changed = [...changedRowDigests(raw).keys()];
  if (changed.length)
    throw new AppError(
      'CASE_TAMPERED',
      `${what}: rows of source ${changed.join(', ')} differ from their recorded digests; run vigie verify; nothing changed`,
    );
}

/**
 * After a legitimate rewrite of evidence-derived rows (`vigie link`), record the new digest of every source it
 * changed in one audit event `rows` naming the event that made the change. Returns how many were recorded.
 */
export function recordChangedDigests(
  raw: Database.Database,
  input: { user: string; after: { command: string; seq: number; subject: string } },
): number {
  const changed = changedRowDigests(raw);
  if (changed.size === 0) return 0;
  appendAudit(raw, {
    user: input.user,
    command: ROWS_COMMAND,
    subject: input.after.subject,
    details: { after: input.after, digests: Object.fromEntries(changed) },
  });
  return changed.size;
}
