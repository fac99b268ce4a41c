import type { StoreQ } from '../port.js';

/** Record a stored evidence file (idempotent). */
async function recordEvidence(q: StoreQ, sha256: string, size: number): Promise<void> {
  await q.db
    .insertInto('evidence')
    .values({ sha256, size, stored_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** Sources and what import, returns and link write: evidence rows, chats, actors, messages, media occurrences. */
export function sourceRepo(q: StoreQ) {
  return {
    /** Record a stored evidence file (idempotent). */
    recordEvidence: (sha256: string, size: number) => recordEvidence(q, sha256, size),
    /** Every evidence row, in hash order. */
    listEvidence: (): Promise<{ sha256: string; size: number }[]> =>
      q.db.selectFrom('evidence').select(['sha256', 'size']).orderBy('sha256').execute(),
    /** True when an evidence row records this hash. */
    isRecordedEvidence: async (sha256: string): Promise<boolean> =>
      (await q.db.selectFrom('evidence').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) !==
      undefined,
  };
}
