import { canonicalJson } from '../domain/canonical.js';
import type { ParsedReturnRow, ReturnRow } from '../domain/return-rows.js';
import type { StoreQ } from './port.js';
import type { ReturnRowTable } from './schema.js';

export type { ReturnRow };

/** A returns file recorded as a source (kind `returns`). */
export interface ReturnsSourceInput {
  readonly id: string;
  readonly sha256: string;
  readonly label: string | null;
  readonly originalPath: string;
  readonly options: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
  readonly toolVersion: string;
  readonly runId: string | null;
}

const toReturnRow = (r: ReturnRowTable): ReturnRow => ({
  sourceId: r.source_id,
  line: r.line,
  userId: r.user_id,
  rawUserId: r.raw_user_id,
  actorId: r.actor_id,
  phone: r.phone,
  phoneCountry: r.phone_country,
  ip: r.ip,
  seenAt: r.seen_at,
});

/** Insert rows; actor_id is set when the account is known. Returns the unknown user ids, sorted. */
async function insertReturnRows(
  q: StoreQ,
  sourceId: string,
  rows: readonly ParsedReturnRow[],
): Promise<string[]> {
  const ids = [...new Set(rows.map((r) => r.userId))];
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const a of await q.db.selectFrom('actor').select('id').where('id', 'in', chunk).execute())
      known.add(a.id);
  }
  const cols = [
    'source_id',
    'line',
    'user_id',
    'raw_user_id',
    'actor_id',
    'phone',
    'phone_country',
    'ip',
    'seen_at',
    'raw',
  ] as const;
  await q.bulk.insert(
    'return_row',
    cols,
    rows.map((r) => [
      sourceId,
      r.line,
      r.userId,
      r.rawUserId,
      known.has(r.userId) ? r.userId : null,
      r.phone,
      r.phoneCountry,
      r.ip,
      r.seenAt,
      canonicalJson(r.raw),
    ]),
  );
  return ids.filter((id) => !known.has(id)).sort();
}

/** Legal-process returns: their sources and rows. */
export function returnsRepo(q: StoreQ) {
  return {
    /** The source that already holds a returns file with this SHA-256, if any. */
    findReturnsSource: async (sha256: string): Promise<string | undefined> =>
      (
        await q.db
          .selectFrom('source')
          .select('id')
          .where('kind', '=', 'returns')
          .where('sha256', '=', sha256)
          .orderBy('id')
          .executeTakeFirst()
      )?.id,
    /** Record a returns file as a source (kind `returns`). */
    insertReturnsSource: async (s: ReturnsSourceInput): Promise<void> => {
      await q.db
        .insertInto('source')
        .values({
          id: s.id,
          kind: 'returns',
          sha256: s.sha256,
          label: s.label,
          original_path: s.originalPath,
          imported_at: new Date().toISOString(),
          options: canonicalJson(s.options),
          metadata: canonicalJson(s.metadata),
          tool_version: s.toolVersion,
          run_id: s.runId,
        })
        .execute();
    },
    /** Insert a return's rows; returns the user ids the case does not know. */
    insertReturnRows: (sourceId: string, rows: readonly ParsedReturnRow[]) =>
      insertReturnRows(q, sourceId, rows),
    /** Every return row, by user, source and line. */
    listReturnRows: async (): Promise<ReturnRow[]> =>
      (
        await q.db
          .selectFrom('return_row')
          .selectAll()
          .orderBy('user_id')
          .orderBy('source_id')
          .orderBy('line')
          .execute()
      ).map(toReturnRow),
  };
}
