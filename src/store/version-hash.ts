import { AppError } from '../domain/errors.js';
import type { MessageFields } from '../domain/message-row.js';
import { jsonVersionHash, MEDIA_ROLE_ORDER, versionInputOfValues } from '../domain/version-hash.js';
import type { StoreQ } from './port.js';

/**
 * Lazy version hashes (ADR 0009). A JSON message is stored with `version_hash = ''` until a second source brings
 * it; then the hash is computed — for the stored row from its columns and its first source's media occurrences
 * (the row is still exactly as that source stored it), for the incoming message from its packed values.
 */

/** The version hash of an incoming message: its own when the importer computed one, else the JSON definition's. */
export function packedVersionHash(m: MessageFields): string {
  return (
    m.version_hash || jsonVersionHash(versionInputOfValues(m, m.extras === 0 ? [] : (m.extras.media ?? [])))
  );
}

/**
 * The version hash of a stored message, computed and written into its row first when it is still empty. Null when
 * there is no such message.
 */
export async function fillVersionHash(q: StoreQ, chatId: string, messageId: number): Promise<string | null> {
  const r = await q.db
    .selectFrom('message')
    .selectAll('message')
    .select((eb) =>
      eb
        .selectFrom('source')
        .select('source.kind')
        .whereRef('source.id', '=', 'message.source_id')
        .as('kind'),
    )
    .where('chat_id', '=', chatId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  if (!r) return null;
  if (r.version_hash) return r.version_hash;
  if (r.kind !== 'telegram-json' || r.source_id === null)
    throw new AppError(
      'CASE_CORRUPT',
      `message ${messageId} of ${chatId} has no version hash and no JSON first source to compute it from`,
    );
  const media = (
    await q.db
      .selectFrom('media_occurrence')
      .select(['role', 'kind', 'mime', 'file_name as fileName', 'width', 'height', 'duration'])
      .where('chat_id', '=', chatId)
      .where('message_id', '=', messageId)
      .where('source_id', '=', r.source_id)
      .execute()
  ).sort((a, b) => MEDIA_ROLE_ORDER.indexOf(a.role) - MEDIA_ROLE_ORDER.indexOf(b.role));
  const h = jsonVersionHash(versionInputOfValues(r, media));
  await q.db
    .updateTable('message')
    .set({ version_hash: h })
    .where('chat_id', '=', chatId)
    .where('message_id', '=', messageId)
    .where('version_hash', '=', '')
    .execute();
  return h;
}
