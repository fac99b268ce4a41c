import type Database from 'better-sqlite3';
import { AppError } from '../domain/errors.js';
import { appendAudit } from './audit.js';
import { digestOf, partsOfKind, type RowDigest } from './row-digest.js';
import { recordedDigests, ROWS_COMMAND } from './row-records.js';

/** The sources holding a chat (those a `vigie link` of that chat rewrites). */
export function sourcesOfChat(raw: Database.Database, chatId: string): string[] {
  return (
    raw.prepare('SELECT source_id FROM chat_source WHERE chat_id = ? ORDER BY source_id').all(chatId) as {
      source_id: string;
    }[]
  ).map((r) => r.source_id);
}

/** Of the given sources, those whose rows differ now from their latest recorded digest, with their current digest. */
export function changedRowDigests(raw: Database.Database, only: readonly string[]): Map<string, RowDigest> {
  const wanted = new Set(only);
  const rec = recordedDigests(raw);
  const out = new Map<string, RowDigest>();
  const sources = raw.prepare('SELECT id, kind FROM source ORDER BY id').all() as {
    id: string;
    kind: string;
  }[];
  for (const s of sources) {
    const parts = partsOfKind(s.kind);
    const r = rec.sources.get(s.id);
    if (!parts || !r || !wanted.has(s.id)) continue;
    const now = digestOf(raw, parts, [s.id]);
    if (now.digest !== r.rows.digest) out.set(s.id, now);
  }
  return out;
}

/**
 * Refuse to rewrite rows of sources whose rows already differ from their recorded digests (a legitimate rewrite
 * re-records digests, which must not launder an earlier tampering).
 */
export function assertRowsIntact(raw: Database.Database, sources: readonly string[], what: string): void {
  const changed = [...changedRowDigests(raw, sources).keys()];
  if (changed.length)
    throw new AppError(
      'CASE_TAMPERED',
      `${what}: rows of source ${changed.join(', ')} differ from their recorded digests; run vigie verify; nothing changed`,
    );
}

/**
 * After a legitimate rewrite of evidence-derived rows (`vigie link`), record the new digest of each of `sources`
 * (those it rewrote) that changed in one audit event `rows` naming the event that made the change. Returns how many were recorded.
 */
export function recordChangedDigests(
  raw: Database.Database,
  input: {
    user: string;
    sources: readonly string[];
    after: { command: string; seq: number; subject: string };
  },
): number {
  const changed = changedRowDigests(raw, input.sources);
  if (changed.size === 0) return 0;
  appendAudit(raw, {
    user: input.user,
    command: ROWS_COMMAND,
    subject: input.after.subject,
    details: { after: input.after, digests: Object.fromEntries(changed) },
  });
  return changed.size;
}
