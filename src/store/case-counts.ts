import type Database from 'better-sqlite3';

const n = (raw: Database.Database, sql: string): number => (raw.prepare(sql).get() as { n: number }).n;

/** `WHERE` clause hiding derived ids linked by `vigie link` (table absent in a case opened read-only before migration 6). */
const notAliased = (raw: Database.Database): string =>
  raw.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'id_alias'`).get()
    ? 'WHERE id NOT IN (SELECT alias_id FROM id_alias)'
    : '';

/** Kinds counted as images / videos (thumbnails excluded; a generic file counts by its MIME type). */
const IMAGE = `(kind IN ('photo', 'sticker') OR (kind NOT IN ('thumbnail', 'vcard') AND mime LIKE 'image/%'))`;
/** SQL predicate over `media` columns: the media is a video (or an animation). */
export const VIDEO = `(kind IN ('video_file', 'video_message', 'animation') OR (kind NOT IN ('thumbnail', 'vcard') AND mime LIKE 'video/%'))`;

/** Counts of what the import stage stores (see app/case-stats.ts for the whole `stats` answer). */
export function importCounts(raw: Database.Database): Record<string, number> {
  return {
    sources: n(raw, 'SELECT count(*) AS n FROM source'),
    chats: n(raw, `SELECT count(*) AS n FROM chat ${notAliased(raw)}`),
    actors: n(
      raw,
      `SELECT count(DISTINCT author_id) AS n FROM message WHERE type = 'message' AND author_id IS NOT NULL`,
    ),
    members: n(raw, `SELECT count(*) AS n FROM actor ${notAliased(raw)}`),
    messages: n(raw, 'SELECT count(*) AS n FROM message'),
    serviceMessages: n(raw, `SELECT count(*) AS n FROM message WHERE type = 'service'`),
    media: n(raw, 'SELECT count(*) AS n FROM media'),
    images: n(raw, `SELECT count(*) AS n FROM media WHERE ${IMAGE}`),
    videos: n(raw, `SELECT count(*) AS n FROM media WHERE ${VIDEO}`),
    hashed: n(raw, `SELECT count(DISTINCT sha256) AS n FROM signal WHERE type = 'sha256'`),
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

/** Every chat with its figures, sorted by id. */
export function listChatSummaries(raw: Database.Database): ChatSummary[] {
  const chats = raw
    .prepare(`SELECT id, type, title, migrated_from FROM chat ${notAliased(raw)} ORDER BY id`)
    .all() as {
    id: string;
    type: string | null;
    title: string | null;
    migrated_from: string | null;
  }[];
  const titles = raw.prepare(
    'SELECT title FROM chat_title WHERE chat_id = ? GROUP BY title ORDER BY min(first_seen) IS NULL, min(first_seen), title',
  );
  const aliases = raw.prepare(
    `SELECT alias_id FROM id_alias WHERE id = ? AND kind = 'chat' ORDER BY alias_id`,
  );
  const sources = raw.prepare('SELECT source_id FROM chat_source WHERE chat_id = ? ORDER BY source_id');
  const figures = raw.prepare(
    'SELECT count(*) AS n, min(date_utc) AS first, max(date_utc) AS last, min(message_id) AS lo, max(message_id) AS hi FROM message WHERE chat_id = ?',
  );
  const members = raw.prepare(
    `SELECT count(*) AS n FROM (SELECT author_id AS a FROM message WHERE chat_id = ? AND author_id IS NOT NULL
       UNION SELECT actor_id FROM membership WHERE chat_id = ? AND actor_id IS NOT NULL)`,
  );
  return chats.map((c) => {
    const f = figures.get(c.id) as {
      n: number;
      first: number | null;
      last: number | null;
      lo: number | null;
      hi: number | null;
    };
    return {
      id: c.id,
      type: c.type,
      title: c.title,
      titles: (titles.all(c.id) as { title: string }[]).map((t) => t.title),
      messages: f.n,
      members: (members.get(c.id, c.id) as { n: number }).n,
      sources: (sources.all(c.id) as { source_id: string }[]).map((s) => s.source_id),
      firstMessage: iso(f.first),
      lastMessage: iso(f.last),
      firstMessageId: f.lo,
      lastMessageId: f.hi,
      migratedFrom: c.migrated_from,
      aliases: ((aliases?.all(c.id) ?? []) as { alias_id: string }[]).map((a) => a.alias_id),
    };
  });
}
