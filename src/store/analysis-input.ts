import type Database from 'better-sqlite3';

/** Plain rows the analysis reads from a case (shapes match src/pipeline/analyse/types.ts). */
export interface AnalysisInputRows {
  media: string[];
  occurrences: Array<{
    sha256: string;
    chatId: string;
    messageId: number;
    authorId: string | null;
    dateUtc: number | null;
    sourceId: string;
    forwarded: boolean;
  }>;
  signals: Array<{ sha256: string; pdq: string; quality: number | null }>;
  messages: Array<{
    chatId: string;
    messageId: number;
    type: string;
    authorId: string | null;
    dateUtc: number | null;
    replyTo: number | null;
    replyToPeer: string | null;
    text: string | null;
    entities: Array<{
      type?: unknown;
      text?: unknown;
      offset?: unknown;
      length?: unknown;
      user_id?: unknown;
    }> | null;
    forwardedFrom: string | null;
  }>;
  actors: Array<{ id: string; kind: string }>;
  names: Array<{
    actorId: string;
    name: string;
    firstSeen: number | null;
    lastSeen: number | null;
    sourceId: string;
  }>;
  memberships: Array<{
    actorId: string;
    chatId: string;
    kind: string;
    at: number | null;
    lastAt: number | null;
  }>;
  chats: Array<{ id: string; title: string | null; type: string | null }>;
}

function parseEntities(s: string | null): AnalysisInputRows['messages'][number]['entities'] {
  if (!s) return null;
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v)
      ? (v.filter((e) => e && typeof e === 'object') as AnalysisInputRows['messages'][number]['entities'])
      : null;
  } catch {
    return null;
  }
}

/** Load everything `vigie analyse` needs, sorted for determinism. Thumbnails are not occurrences of a picture. */
export function loadAnalysisInput(raw: Database.Database): AnalysisInputRows {
  const media = raw.prepare('SELECT sha256 FROM media ORDER BY sha256').pluck().all() as string[];
  const occurrences = (
    raw
      .prepare(
        `SELECT o.sha256 AS sha256, o.chat_id AS chatId, o.message_id AS messageId, MIN(o.source_id) AS sourceId,
                m.author_id AS authorId, m.date_utc AS dateUtc, (m.forwarded_from IS NOT NULL) AS fwd
           FROM media_occurrence o JOIN message m ON m.chat_id = o.chat_id AND m.message_id = o.message_id
          WHERE o.sha256 IS NOT NULL AND o.role <> 'thumbnail'
          GROUP BY o.sha256, o.chat_id, o.message_id
          ORDER BY o.sha256, o.chat_id, o.message_id`,
      )
      .all() as Array<Omit<AnalysisInputRows['occurrences'][number], 'forwarded'> & { fwd: number }>
  ).map(({ fwd, ...o }) => ({ ...o, forwarded: fwd === 1 }));
  const pdqRows = raw
    .prepare(
      `SELECT sha256, value, quality, convention FROM signal WHERE type = 'pdq'
        ORDER BY sha256, CASE convention WHEN 'full' THEN 0 ELSE 1 END, convention`,
    )
    .all() as Array<{ sha256: string; value: string; quality: number | null }>;
  const signals: AnalysisInputRows['signals'] = [];
  for (const r of pdqRows)
    if (signals.at(-1)?.sha256 !== r.sha256)
      signals.push({ sha256: r.sha256, pdq: r.value, quality: r.quality });
  const messages = (
    raw
      .prepare(
        `SELECT chat_id AS chatId, message_id AS messageId, type, author_id AS authorId, date_utc AS dateUtc,
                reply_to AS replyTo, reply_to_peer AS replyToPeer, text, entities, forwarded_from AS forwardedFrom
           FROM message ORDER BY chat_id, message_id`,
      )
      .all() as Array<Omit<AnalysisInputRows['messages'][number], 'entities'> & { entities: string | null }>
  ).map((m) => ({ ...m, entities: parseEntities(m.entities) }));
  const actors = raw.prepare('SELECT id, kind FROM actor ORDER BY id').all() as AnalysisInputRows['actors'];
  const names = raw
    .prepare(
      `SELECT actor_id AS actorId, name, first_seen AS firstSeen, last_seen AS lastSeen, source_id AS sourceId
         FROM actor_name ORDER BY actor_id, name, source_id`,
    )
    .all() as AnalysisInputRows['names'];
  const memberships = raw
    .prepare(
      `SELECT actor_id AS actorId, chat_id AS chatId, kind, at, last_at AS lastAt FROM membership WHERE actor_id IS NOT NULL
        ORDER BY actor_id, chat_id, kind, at, message_id, source_id`,
    )
    .all() as AnalysisInputRows['memberships'];
  const chats = raw
    .prepare('SELECT id, title, type FROM chat ORDER BY id')
    .all() as AnalysisInputRows['chats'];
  return { media, occurrences, signals, messages, actors, names, memberships, chats };
}
