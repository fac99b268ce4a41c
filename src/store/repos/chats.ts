import type { StoreQ } from '../port.js';
import { chatPositions } from './chat-positions.js';

/** A chat as the reader heads it: title, type and number of messages. */
export interface ReaderChatRow {
  readonly id: string;
  readonly title: string | null;
  readonly type: string | null;
  readonly messages: number;
}

/** A message as the chat reader shows it (the row's displayed columns). */
export interface ReaderMessageRow {
  readonly message_id: number;
  readonly type: string;
  readonly date_utc: number | null;
  readonly date_local: string | null;
  readonly tz_assumed: string | null;
  readonly author_id: string | null;
  readonly author_name: string | null;
  readonly text: string | null;
  readonly edited_utc: number | null;
  readonly reply_to: number | null;
  readonly forwarded_from: string | null;
  readonly saved_from: string | null;
  readonly via_bot: string | null;
  readonly action: string | null;
  readonly details: string;
}

/** One media occurrence of a message (the reader shows its wellness thumbnail, never the original). */
export interface ReaderMediaRow {
  readonly message_id: number;
  readonly role: string;
  readonly kind: string;
  readonly sha256: string | null;
  readonly placeholder: string | null;
  readonly mime: string | null;
  readonly file_name: string | null;
}

/** An earlier version of a message's text. */
export interface ReaderVersionRow {
  readonly message_id: number;
  readonly version_hash: string;
  readonly edited_utc: number | null;
  readonly text: string | null;
}

/** Where a page of the timeline starts: before or after a message id (exclusive), or from either end. */
export type TimelineCursor =
  { readonly before: number } | { readonly after: number } | { readonly last: true };

const COLS = [
  'message_id',
  'type',
  'date_utc',
  'date_local',
  'tz_assumed',
  'author_id',
  'author_name',
  'text',
  'edited_utc',
  'reply_to',
  'forwarded_from',
  'saved_from',
  'via_bot',
  'action',
  'details',
] as const;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Numbers as numbers (PostgreSQL's bigint comes back as text). */
function message(r: ReaderMessageRow): ReaderMessageRow {
  return {
    ...r,
    message_id: Number(r.message_id),
    date_utc: num(r.date_utc),
    edited_utc: num(r.edited_utc),
    reply_to: num(r.reply_to),
  };
}

/** The chat reader's reads (issue 15): a chat's timeline paged by message id both ways, cut in the SQL. */
export function chatRepo(q: StoreQ) {
  return {
    /** The chat with its number of messages; undefined when the case has no such chat. */
    chat: async (chatId: string): Promise<ReaderChatRow | undefined> => {
      const c = await q.db
        .selectFrom('chat')
        .select(['id', 'title', 'type'])
        .where('id', '=', chatId)
        .executeTakeFirst();
      if (!c) return undefined;
      const n = await q.db
        .selectFrom('message')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('chat_id', '=', chatId)
        .executeTakeFirst();
      return { ...c, messages: Number(n?.n ?? 0) };
    },

    /**
     * Up to `limit` messages of a chat in id order: those with an id below `before`, above `after`, or the last ones;
     * one more is read to tell whether the page is the end (`more`).
     */
    page: async (
      chatId: string,
      cursor: TimelineCursor,
      limit: number,
    ): Promise<{ rows: ReaderMessageRow[]; more: boolean }> => {
      let sel = q.db.selectFrom('message').select(COLS).where('chat_id', '=', chatId);
      if ('after' in cursor) sel = sel.where('message_id', '>', cursor.after).orderBy('message_id');
      else {
        if ('before' in cursor) sel = sel.where('message_id', '<', cursor.before);
        sel = sel.orderBy('message_id', 'desc');
      }
      const rows = (await sel.limit(limit + 1).execute()).map(message);
      const more = rows.length > limit;
      const kept = rows.slice(0, limit);
      return { rows: 'after' in cursor ? kept : kept.reverse(), more };
    },

    /** The id of a chat's first message at or after `epochMs` (by time, then id), or null when none is. */
    firstAtOrAfter: async (chatId: string, epochMs: number): Promise<number | null> => {
      const r = await q.db
        .selectFrom('message')
        .select('message_id')
        .where('chat_id', '=', chatId)
        .where('date_utc', '>=', epochMs)
        .orderBy('date_utc')
        .orderBy('message_id')
        .limit(1)
        .executeTakeFirst();
      return r ? Number(r.message_id) : null;
    },

    /** Whether a chat holds a message of this id. */
    has: async (chatId: string, messageId: number): Promise<boolean> =>
      (await q.db
        .selectFrom('message')
        .select('message_id')
        .where('chat_id', '=', chatId)
        .where('message_id', '=', messageId)
        .executeTakeFirst()) !== undefined,

    /** Messages of a chat by id (the replied ones a page quotes). */
    messages: async (chatId: string, ids: readonly number[]): Promise<ReaderMessageRow[]> =>
      ids.length
        ? (
            await q.db
              .selectFrom('message')
              .select(COLS)
              .where('chat_id', '=', chatId)
              .where('message_id', 'in', [...ids])
              .orderBy('message_id')
              .execute()
          ).map(message)
        : [],

    /** The media occurrences of some messages of a chat, in message, role and path order. */
    media: async (chatId: string, ids: readonly number[]): Promise<ReaderMediaRow[]> =>
      ids.length
        ? (
            await q.db
              .selectFrom('media_occurrence')
              .select(['message_id', 'role', 'kind', 'sha256', 'placeholder', 'mime', 'file_name'])
              .distinct()
              .where('chat_id', '=', chatId)
              .where('message_id', 'in', [...ids])
              .orderBy('message_id')
              .orderBy('role')
              .orderBy('sha256')
              .execute()
          ).map((m) => ({ ...m, message_id: Number(m.message_id) }))
        : [],

    /** Every stored version of some messages of a chat, oldest edit first. */
    versions: async (chatId: string, ids: readonly number[]): Promise<ReaderVersionRow[]> =>
      ids.length
        ? (
            await q.db
              .selectFrom('message_version')
              .select(['message_id', 'version_hash', 'edited_utc', 'text'])
              .where('chat_id', '=', chatId)
              .where('message_id', 'in', [...ids])
              .orderBy('message_id')
              .orderBy('edited_utc')
              .orderBy('version_hash')
              .execute()
          ).map((v) => ({ ...v, message_id: Number(v.message_id), edited_utc: num(v.edited_utc) }))
        : [],

    /** Where actors' first post of new content and latest message are (the "show in chat" links of targets). */
    positions: (actorIds: readonly string[]) => chatPositions(q, actorIds),
  };
}
