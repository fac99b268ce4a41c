import type { StoreQ } from './port.js';

/** A message as the chat context shows it, with its earlier texts and its number of media. */
export interface ContextMessageRow {
  readonly message_id: number;
  readonly type: string;
  readonly date_utc: number | null;
  readonly author_id: string | null;
  readonly author_name: string | null;
  readonly text: string | null;
  readonly edited_utc: number | null;
  readonly reply_to: number | null;
  readonly forwarded_from: string | null;
  readonly media: number;
  readonly versions: { version: string; edited_utc: number | null; text: string }[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * A chat (id, title, type; undefined when unknown) and its messages around one: up to `before` with lower ids (the
 * one itself included) and `after` with higher ids, in id order.
 */
export async function chatContext(
  q: StoreQ,
  chatId: string,
  around: number,
  before: number,
  after: number,
): Promise<
  | { chat: { id: string; title: string | null; type: string | null }; messages: ContextMessageRow[] }
  | undefined
> {
  const chat = await q.db
    .selectFrom('chat')
    .select(['id', 'title', 'type'])
    .where('id', '=', chatId)
    .executeTakeFirst();
  if (!chat) return undefined;
  const cols = [
    'message_id',
    'type',
    'date_utc',
    'author_id',
    'author_name',
    'text',
    'edited_utc',
    'reply_to',
    'forwarded_from',
  ] as const;
  const lower = await q.db
    .selectFrom('message')
    .select(cols)
    .where('chat_id', '=', chatId)
    .where('message_id', '<=', around)
    .orderBy('message_id', 'desc')
    .limit(before)
    .execute();
  const higher = await q.db
    .selectFrom('message')
    .select(cols)
    .where('chat_id', '=', chatId)
    .where('message_id', '>', around)
    .orderBy('message_id')
    .limit(after)
    .execute();
  const rows = [...lower.reverse(), ...higher];
  const ids = rows.map((r) => Number(r.message_id));
  if (!ids.length) return { chat, messages: [] };
  const media = await q.db
    .selectFrom('media_occurrence')
    .select(['message_id', (eb) => eb.fn.count<number>('role').distinct().as('n')])
    .where('chat_id', '=', chatId)
    .where('message_id', 'in', ids)
    .groupBy('message_id')
    .execute();
  const versions = await q.db
    .selectFrom('message_version')
    .select(['message_id', 'version_hash', 'edited_utc', 'text'])
    .where('chat_id', '=', chatId)
    .where('message_id', 'in', ids)
    .orderBy('message_id')
    .orderBy('edited_utc')
    .orderBy('version_hash')
    .execute();
  const mediaOf = new Map(media.map((m) => [Number(m.message_id), Number(m.n)]));
  return {
    chat,
    messages: rows.map((r) => ({
      ...r,
      message_id: Number(r.message_id),
      date_utc: num(r.date_utc),
      edited_utc: num(r.edited_utc),
      reply_to: num(r.reply_to),
      media: mediaOf.get(Number(r.message_id)) ?? 0,
      versions: versions
        .filter((v) => Number(v.message_id) === Number(r.message_id) && v.text !== null && v.text !== r.text)
        .map((v) => ({ version: v.version_hash, edited_utc: num(v.edited_utc), text: v.text ?? '' })),
    })),
  };
}
