import { AppError } from '../domain/errors.js';
import type { StoreQ } from './port.js';
import { partsOfKind, type RowDigest } from './row-digest.js';
import { digestOfRows } from './row-digest-query.js';
import { recordedDigests, ROWS_COMMAND } from './row-records.js';

/** The sources holding a chat (those a `vigie link` of that chat rewrites). */
export async function chatSources(q: StoreQ, chatId: string): Promise<string[]> {
  const rows = await q.db
    .selectFrom('chat_source')
    .select('source_id')
    .where('chat_id', '=', chatId)
    .orderBy('source_id')
    .execute();
  return rows.map((r) => r.source_id);
}

/** Of the given sources, those whose rows differ now from their latest recorded digest, with their current digest. */
export async function changedDigests(q: StoreQ, only: readonly string[]): Promise<Map<string, RowDigest>> {
  const wanted = new Set(only);
  const rec = await recordedDigests(q);
  const out = new Map<string, RowDigest>();
  const sources = await q.db.selectFrom('source').select(['id', 'kind']).orderBy('id').execute();
  for (const s of sources) {
    const parts = partsOfKind(s.kind);
    const r = rec.sources.get(s.id);
    if (!parts || !r || !wanted.has(s.id)) continue;
    const now = await digestOfRows(q, parts, [s.id]);
    if (now.digest !== r.rows.digest) out.set(s.id, now);
  }
  return out;
}

const tampered = (changed: readonly string[], what: string): AppError =>
  new AppError(
    'CASE_TAMPERED',
    `${what}: rows of source ${changed.join(', ')} differ from their recorded digests; run 'npx vigie verify'; nothing changed`,
  );

/**
 * Refuse to rewrite rows of sources whose rows already differ from their recorded digests (a legitimate rewrite
 * re-records digests, which must not launder an earlier tampering).
 */
export async function checkRowsIntact(q: StoreQ, sources: readonly string[], what: string): Promise<void> {
  const changed = [...(await changedDigests(q, sources)).keys()];
  if (changed.length) throw tampered(changed, what);
}

/** What recordRowDigests records: who, which sources were rewritten, and the event that rewrote them. */
export interface RowRefreshInput {
  readonly user: string;
  readonly sources: readonly string[];
  readonly after: { command: string; seq: number; subject: string };
}

/**
 * After a legitimate rewrite of evidence-derived rows (`vigie link`), record the new digest of each of `sources`
 * that changed in one audit event `rows` naming the event that made the change (inside the rewrite's
 * transaction). Returns how many were recorded.
 */
export async function recordRowDigests(
  q: StoreQ,
  input: RowRefreshInput,
  append: AuditAppend,
): Promise<number> {
  const changed = await changedDigests(q, input.sources);
  if (changed.size === 0) return 0;
  await append({
    user: input.user,
    command: ROWS_COMMAND,
    subject: input.after.subject,
    details: { after: input.after, digests: Object.fromEntries(changed) },
  });
  return changed.size;
}

/** The audit repository's append, as recordRowDigests calls it. */
export type AuditAppend = (e: {
  user: string;
  command: string;
  subject: string;
  details: Record<string, unknown>;
}) => Promise<unknown>;
