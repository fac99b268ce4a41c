import type { StoreQ } from '../port.js';
import { ImportWriter, type SourceInput } from '../import-writer.js';
import { returnsRepo } from '../returns.js';
import { fillVersionHash } from '../version-hash.js';
import { aliasOf, applyHtmlLink, chatExists, linkableMessages } from '../link.js';

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
    /** The id of the source with this kind and SHA-256, if it is already in the case. */
    findSource: async (kind: string, sha256: string): Promise<string | undefined> =>
      (
        await q.db
          .selectFrom('source')
          .select('id')
          .where('kind', '=', kind)
          .where('sha256', '=', sha256)
          .orderBy('id')
          .executeTakeFirst()
      )?.id,
    /** Every source (id, kind, main file hash, label), by id. */
    listSources: (): Promise<{ id: string; kind: string; sha256: string; label: string | null }[]> =>
      q.db.selectFrom('source').select(['id', 'kind', 'sha256', 'label']).orderBy('id').execute(),
    /** Set a source's label (`vigie source label`; its row digest is re-recorded by the caller). */
    setLabel: async (id: string, label: string): Promise<void> => {
      await q.db.updateTable('source').set({ label }).where('id', '=', id).execute();
    },
    /** The SHA-256 of a source's main file, if the source exists. */
    sourceSha256: async (id: string): Promise<string | undefined> =>
      (await q.db.selectFrom('source').select('sha256').where('id', '=', id).executeTakeFirst())?.sha256,
    /** Start writing one source's rows (inside the source's transaction, ADR 0009). */
    openWriter: (src: SourceInput): Promise<ImportWriter> => ImportWriter.open(q, src),
    /** A stored message's version hash, computed and written first when still empty (ADR 0009). */
    fillVersionHash: (chatId: string, messageId: number) => fillVersionHash(q, chatId, messageId),
    /** Every message of a chat, as `vigie link` compares them, in message-id order. */
    linkableMessages: (chatId: string) => linkableMessages(q, chatId),
    /** The platform id a derived id was linked to, if any. */
    aliasOf: (aliasId: string) => aliasOf(q, aliasId),
    /** True when the chat exists. */
    chatExists: (chatId: string) => chatExists(q, chatId),
    /** Tie an HTML-imported chat and its derived accounts to platform ids (ADR 0007; inside a transaction). */
    applyHtmlLink: (input: Parameters<typeof applyHtmlLink>[1]) => applyHtmlLink(q, input),
    ...returnsRepo(q),
  };
}
