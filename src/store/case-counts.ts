import type { StoreQ } from './port.js';

/** SQL predicate over `media` columns: the media is a video (or an animation); used by the vPDQ stage's query. */
export const VIDEO = `(kind IN ('video_file', 'video_message', 'animation') OR (kind NOT IN ('thumbnail', 'vcard') AND mime LIKE 'video/%'))`;

/** A media counts as an image / a video by kind, or (a generic file) by its MIME type; thumbnails are neither. */
function mediaClass(kind: string, mime: string | null): 'image' | 'video' | null {
  const generic = kind !== 'thumbnail' && kind !== 'vcard';
  const m = mime?.toLowerCase() ?? '';
  if (kind === 'photo' || kind === 'sticker' || (generic && m.startsWith('image/'))) return 'image';
  if (['video_file', 'video_message', 'animation'].includes(kind) || (generic && m.startsWith('video/')))
    return 'video';
  return null;
}

/** The number of rows a count query returns (int8 may arrive as text on some drivers). */
async function count(query: {
  executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }>;
}): Promise<number> {
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Counts of what the import stage stores (see app/case-stats.ts for the whole `stats` answer). */
export async function importCounts(q: StoreQ): Promise<Record<string, number>> {
  const db = q.db;
  const aliases = db.selectFrom('id_alias').select('alias_id');
  const media = await db.selectFrom('media').select(['kind', 'mime']).execute();
  const classes = media.map((m) => mediaClass(m.kind, m.mime));
  return {
    sources: await count(db.selectFrom('source').select((eb) => eb.fn.countAll().as('n'))),
    chats: await count(
      db
        .selectFrom('chat')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('id', 'not in', aliases),
    ),
    actors: await count(
      db
        .selectFrom('message')
        .select((eb) => eb.fn.count('author_id').distinct().as('n'))
        .where('type', '=', 'message')
        .where('author_id', 'is not', null),
    ),
    members: await count(
      db
        .selectFrom('actor')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('id', 'not in', aliases),
    ),
    messages: await count(db.selectFrom('message').select((eb) => eb.fn.countAll().as('n'))),
    serviceMessages: await count(
      db
        .selectFrom('message')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('type', '=', 'service'),
    ),
    media: media.length,
    images: classes.filter((c) => c === 'image').length,
    videos: classes.filter((c) => c === 'video').length,
    hashed: await count(
      db
        .selectFrom('signal')
        .select((eb) => eb.fn.count('sha256').distinct().as('n'))
        .where('type', '=', 'sha256'),
    ),
  };
}

/** One chat as `vigie chats` lists it. */
export interface ChatSummary {
  id: string;
  type: string | null;
  title: string | null;
  titles: string[];
  messages: number;
  members: number;
  sources: string[];
  firstMessage: string | null;
  lastMessage: string | null;
  firstMessageId: number | null;
  lastMessageId: number | null;
  migratedFrom: string | null;
  /** Derived ids (HTML imports) linked to this chat by `vigie link`. */
  aliases: string[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Push `v` onto the list of `k`. */
function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Every chat with its figures, sorted by id (one query per figure over all chats). */
export async function listChatSummaries(q: StoreQ): Promise<ChatSummary[]> {
  const db = q.db;
  const chats = await db
    .selectFrom('chat')
    .select(['id', 'type', 'title', 'migrated_from'])
    .where('id', 'not in', db.selectFrom('id_alias').select('alias_id'))
    .orderBy('id')
    .execute();
  // Titles in order of first appearance (unknown times last), then by title.
  const titleRows = await db
    .selectFrom('chat_title')
    .select((eb) => ['chat_id', 'title', eb.fn.min('first_seen').as('first')])
    .groupBy(['chat_id', 'title'])
    .orderBy('chat_id')
    .orderBy(
      (eb) => eb.fn.min('first_seen'),
      (ob) => ob.asc().nullsLast(),
    )
    .orderBy('title')
    .execute();
  const titles = new Map<string, string[]>();
  for (const t of titleRows) push(titles, t.chat_id, t.title);
  const aliases = new Map<string, string[]>();
  for (const a of await db
    .selectFrom('id_alias')
    .select(['id', 'alias_id'])
    .where('kind', '=', 'chat')
    .orderBy('id')
    .orderBy('alias_id')
    .execute())
    push(aliases, a.id, a.alias_id);
  const sources = new Map<string, string[]>();
  for (const s of await db
    .selectFrom('chat_source')
    .select(['chat_id', 'source_id'])
    .orderBy('chat_id')
    .orderBy('source_id')
    .execute())
    push(sources, s.chat_id, s.source_id);
  const figures = new Map(
    (
      await db
        .selectFrom('message')
        .select((eb) => [
          'chat_id',
          eb.fn.countAll().as('n'),
          eb.fn.min('date_utc').as('first'),
          eb.fn.max('date_utc').as('last'),
          eb.fn.min('message_id').as('lo'),
          eb.fn.max('message_id').as('hi'),
        ])
        .groupBy('chat_id')
        .execute()
    ).map((f) => [f.chat_id, f]),
  );
  const members = new Map<string, number>();
  const pairs = await db
    .selectFrom('message')
    .select(['chat_id', 'author_id as who'])
    .where('author_id', 'is not', null)
    .union(
      db.selectFrom('membership').select(['chat_id', 'actor_id as who']).where('actor_id', 'is not', null),
    )
    .execute();
  for (const p of pairs) members.set(p.chat_id, (members.get(p.chat_id) ?? 0) + 1);
  return chats.map((c) => {
    const f = figures.get(c.id);
    return {
      id: c.id,
      type: c.type,
      title: c.title,
      titles: titles.get(c.id) ?? [],
      messages: Number(f?.n ?? 0),
      members: members.get(c.id) ?? 0,
      sources: sources.get(c.id) ?? [],
      firstMessage: iso(f?.first ?? null),
      lastMessage: iso(f?.last ?? null),
      firstMessageId: f?.lo ?? null,
      lastMessageId: f?.hi ?? null,
      migratedFrom: c.migrated_from,
      aliases: aliases.get(c.id) ?? [],
    };
  });
}
