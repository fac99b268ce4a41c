import type { MembershipTable } from './schema.js';
import { sql } from 'kysely';
import { MESSAGE_CONTENT_COLUMNS, type MessageRow } from '../domain/message-row.js';
import type { StoreQ } from './port.js';

/** The queries of the import writer's rare paths (a message another source already holds), in Kysely. */

/** The stored message row the writer compares a known message with. */
export interface CurrentRow {
  version_hash: string;
  edited_utc: number | null;
  text: string | null;
  raw: string;
  author_id: string | null;
  date_utc: number | null;
  type: string;
}

/** The stored row of a message, or undefined. */
export function currentMessage(
  q: StoreQ,
  chatId: string,
  messageId: number,
): Promise<CurrentRow | undefined> {
  return q.db
    .selectFrom('message')
    .select(['version_hash', 'edited_utc', 'text', 'raw', 'author_id', 'date_utc', 'type'])
    .where('chat_id', '=', chatId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

/** Give a message's first source (message.source_id) its message_source row, if it has none yet (ADR 0009). */
export async function materialiseFirstSource(q: StoreQ, chatId: string, messageId: number): Promise<void> {
  await q.db
    .insertInto('message_source')
    .columns(['chat_id', 'message_id', 'source_id', 'version_hash'])
    .expression((eb) =>
      eb
        .selectFrom('message')
        .select(['chat_id', 'message_id', sql<string>`source_id`.as('source_id'), 'version_hash'])
        .where('chat_id', '=', chatId)
        .where('message_id', '=', messageId)
        .where('source_id', 'is not', null),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Record that a source holds a message in a version (idempotent). */
export async function addMessageSource(
  q: StoreQ,
  chatId: string,
  messageId: number,
  sourceId: string,
  versionHash: string,
): Promise<void> {
  await q.db
    .insertInto('message_source')
    .values({ chat_id: chatId, message_id: messageId, source_id: sourceId, version_hash: versionHash })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The first source (by id) that holds a message in a version. */
export async function firstSourceOf(
  q: StoreQ,
  chatId: string,
  messageId: number,
  versionHash: string,
): Promise<string | undefined> {
  const r = await q.db
    .selectFrom('message_source')
    .select('source_id')
    .where('chat_id', '=', chatId)
    .where('message_id', '=', messageId)
    .where('version_hash', '=', versionHash)
    .orderBy('source_id')
    .limit(1)
    .executeTakeFirst();
  return r?.source_id;
}

/** The kinds of the sources that hold a message in a version. */
export async function versionKinds(
  q: StoreQ,
  chatId: string,
  messageId: number,
  versionHash: string,
): Promise<string[]> {
  const rows = await q.db
    .selectFrom('message_source as ms')
    .innerJoin('source as s', 's.id', 'ms.source_id')
    .select('s.kind')
    .distinct()
    .where('ms.chat_id', '=', chatId)
    .where('ms.message_id', '=', messageId)
    .where('ms.version_hash', '=', versionHash)
    .execute();
  return rows.map((r) => r.kind);
}

/** Keep a version of a message (idempotent); true when it was new. */
export async function addVersion(
  q: StoreQ,
  v: {
    chatId: string;
    messageId: number;
    versionHash: string;
    editedUtc: number | null;
    text: string | null;
    raw: string;
    firstSourceId: string;
  },
): Promise<boolean> {
  const r = await q.db
    .insertInto('message_version')
    .values({
      chat_id: v.chatId,
      message_id: v.messageId,
      version_hash: v.versionHash,
      edited_utc: v.editedUtc,
      text: v.text,
      raw: v.raw,
      first_source_id: v.firstSourceId,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The content columns of a message row (what a newer version replaces). */
export type MessageContent = Omit<MessageRow, 'chat_id' | 'message_id' | 'source_id'>;

/** Replace a message row's content columns with a newer version's (not the key, not the first source). */
export async function replaceMessageContent(
  q: StoreQ,
  chatId: string,
  messageId: number,
  content: MessageContent,
): Promise<void> {
  const set: Partial<MessageContent> = {};
  for (const c of MESSAGE_CONTENT_COLUMNS) (set as Record<string, unknown>)[c] = content[c];
  await q.db
    .updateTable('message')
    .set(set)
    .where('chat_id', '=', chatId)
    .where('message_id', '=', messageId)
    .execute();
}

/** A membership row aggregated over the source (first and last time widened). */
export type MemberRow = Omit<MembershipTable, 'source_id'>;

/** Memberships in chunks: a known one widens its first and last time. */
export async function upsertMemberships(
  q: StoreQ,
  rows: readonly MemberRow[],
  sourceId: string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await q.db
      .insertInto('membership')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, source_id: sourceId })))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          at: sql<
            number | null
          >`CASE WHEN membership.at IS NULL OR excluded.at < membership.at THEN excluded.at ELSE membership.at END`,
          last_at: sql<
            number | null
          >`CASE WHEN membership.last_at IS NULL OR excluded.last_at > membership.last_at THEN excluded.last_at ELSE membership.last_at END`,
        }),
      )
      .execute();
}

/** A chat's title becomes its most recently seen one (ties by title). */
export async function refreshChatTitle(q: StoreQ, chatId: string): Promise<void> {
  const rows = await q.db
    .selectFrom('chat_title')
    .select(['title', 'last_seen'])
    .where('chat_id', '=', chatId)
    .execute();
  rows.sort((a, b) =>
    a.last_seen === b.last_seen
      ? a.title < b.title
        ? -1
        : a.title > b.title
          ? 1
          : 0
      : a.last_seen === null
        ? 1
        : b.last_seen === null
          ? -1
          : b.last_seen - a.last_seen,
  );
  const best = rows[0];
  await q.db
    .updateTable('chat')
    .set({ title: best?.title ?? null })
    .where('id', '=', chatId)
    .execute();
}
