import { sql, type RawBuilder } from 'kysely';
import type { StoreQ } from './port.js';
import { AT, type PackedMessage } from '../domain/message-row.js';
import { searchVector } from './search-vector.js';

/**
 * Filling the search index (`search_doc`, migration 9) from what the case holds: one document per message text
 * (the stored version, and each earlier text of `message_version` that differs from it), per actor display name
 * and per chat title. The same statements fill a new index (migration 9, `vigie search --rebuild`) and refresh the
 * documents of one imported source (every message the source holds, the names of its actors and chats).
 */

/** Where clauses of one scope: all rows, or those one source touches (`:source` binds the source id). */
interface Scope {
  readonly messages: string;
  readonly actors: string;
  readonly chats: string;
  /** The documents of the scope's messages, on `search_doc` (default: through `messages`). */
  readonly messageDocs?: string;
}

const ALL: Scope = { messages: '1 = 1', actors: '1 = 1', chats: '1 = 1' };

const SOURCE: Scope = {
  messages: `(m.source_id = :source OR EXISTS (SELECT 1 FROM message_source s
    WHERE s.source_id = :source AND s.chat_id = m.chat_id AND s.message_id = m.message_id))`,
  actors: `n.actor_id IN (SELECT actor_id FROM actor_name WHERE source_id = :source)`,
  chats: `t.chat_id IN (SELECT chat_id FROM chat_source WHERE source_id = :source)`,
};

/**
 * The messages of one source that other sources hold too, or that it brought twice (`message_source` rows, written
 * by the known-message path): on PostgreSQL the source's new messages are indexed batch by batch as they are
 * written (`indexNewMessages`), and these are the ones whose text may have changed since.
 */
const KNOWN: Scope = {
  ...SOURCE,
  messages: `EXISTS (SELECT 1 FROM message_source s
    WHERE s.source_id = :source AND s.chat_id = m.chat_id AND s.message_id = m.message_id)`,
  // Straight from the source's rows (the documents of its new messages are in the index already: no scan of them).
  messageDocs: `(chat_id, message_id) IN (SELECT s.chat_id, s.message_id FROM message_source s
    WHERE s.source_id = :source)`,
};

/**
 * The statements inserting the documents of a scope, in a fixed order (ids are deterministic); `vector`: PostgreSQL
 * after migration 12, where the statements compute the (no longer generated) `tsv` with `search_tsv(body)`.
 */
function insertStatements(s: Scope, vector = false): string[] {
  const into = `INSERT INTO search_doc (kind, chat_id, message_id, version, actor_id, at, body${vector ? ', tsv' : ''})`;
  const body = (e: string): string => (vector ? `${e}, search_tsv(${e})` : e);
  return [
    `${into} SELECT 'message', m.chat_id, m.message_id, '', m.author_id, m.date_utc, ${body('m.text')} FROM message m
      WHERE m.text IS NOT NULL AND m.text <> '' AND ${s.messages} ORDER BY m.chat_id, m.message_id`,
    `${into} SELECT 'message', v.chat_id, v.message_id, MIN(v.version_hash), m.author_id, m.date_utc, ${body('v.text')}
      FROM message_version v JOIN message m ON m.chat_id = v.chat_id AND m.message_id = v.message_id
      WHERE v.text IS NOT NULL AND v.text <> '' AND (m.text IS NULL OR v.text <> m.text) AND ${s.messages}
      GROUP BY v.chat_id, v.message_id, v.text, m.author_id, m.date_utc ORDER BY v.chat_id, v.message_id, 4`,
    `${into} SELECT 'actorName', CAST(NULL AS TEXT), CAST(NULL AS INTEGER), '', n.actor_id, MIN(n.first_seen), ${body('n.name')} FROM actor_name n
      WHERE n.name <> '' AND ${s.actors} GROUP BY n.actor_id, n.name ORDER BY n.actor_id, n.name`,
    `${into} SELECT 'chatName', t.chat_id, CAST(NULL AS INTEGER), '', CAST(NULL AS TEXT), MIN(t.first_seen), ${body('t.title')}
      FROM (SELECT chat_id, title, first_seen FROM chat_title
            UNION ALL SELECT id, title, NULL FROM chat WHERE title IS NOT NULL) t
      WHERE t.title <> '' AND ${s.chats} GROUP BY t.chat_id, t.title ORDER BY t.chat_id, t.title`,
  ];
}

/** The documents of a scope, as a WHERE clause on `search_doc` (to delete them before re-inserting). */
function docsOf(s: Scope): string {
  const messages =
    s.messageDocs ??
    `EXISTS (SELECT 1 FROM message m WHERE m.chat_id = search_doc.chat_id
      AND m.message_id = search_doc.message_id AND ${s.messages})`;
  return `(kind = 'message' AND ${messages})
    OR (kind = 'actorName' AND actor_id IN (SELECT n.actor_id FROM actor_name n WHERE ${s.actors}))
    OR (kind = 'chatName' AND chat_id IN (SELECT t.chat_id FROM chat_source t WHERE ${s.chats}))`;
}

/** SQLite: copy the new documents into the FTS5 table (after `id`). */
const FTS_ADD = 'INSERT INTO search_fts (rowid, body) SELECT id, body FROM search_doc WHERE id > :after';

/** Migration 9's fill on SQLite (a new, empty index). */
export const SEARCH_FILL_SQLITE = [
  ...insertStatements(ALL),
  `INSERT INTO search_fts (search_fts) VALUES ('rebuild')`,
]
  .map((s) => `${s};`)
  .join('\n');

/** Migration 9's fill on PostgreSQL (the tsvector column is generated until migration 12). */
export const SEARCH_FILL_POSTGRES = insertStatements(ALL)
  .map((s) => `${s};`)
  .join('\n');

/** A statement with `:name` markers bound to parameters. */
function bind(text: string, params: Record<string, string | number>): RawBuilder<unknown> {
  const parts = text.split(/:(source|after)\b/);
  const frags: RawBuilder<unknown>[] = parts.map((p, i) =>
    i % 2 === 0 ? sql.raw(p) : sql`${params[p] ?? null}`,
  );
  return sql.join(frags, sql.raw(''));
}

async function run(q: StoreQ, text: string, params: Record<string, string | number> = {}): Promise<void> {
  await bind(text, params).execute(q.db);
}

async function maxId(q: StoreQ): Promise<number> {
  const r = await q.db
    .selectFrom('search_doc')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/**
 * Refresh the documents of one source: delete those of its messages, actors and chats, then insert them anew;
 * `known`: of its known messages only (its new ones were indexed by `indexNewMessages`).
 */
export async function indexSource(
  q: StoreQ,
  sourceId: string,
  messages: 'all' | 'known' = 'all',
): Promise<void> {
  const scope = messages === 'all' ? SOURCE : KNOWN;
  const where = docsOf(scope);
  if (q.dialect === 'sqlite')
    await run(
      q,
      `INSERT INTO search_fts (search_fts, rowid, body) SELECT 'delete', id, body FROM search_doc WHERE ${where}`,
      { source: sourceId },
    );
  await run(q, `DELETE FROM search_doc WHERE ${where}`, { source: sourceId });
  const after = await maxId(q);
  for (const s of insertStatements(scope, q.dialect === 'postgres')) await run(q, s, { source: sourceId });
  if (q.dialect === 'sqlite') await run(q, FTS_ADD, { after });
}

/**
 * PostgreSQL: the documents of a batch's new messages (those `inserted`), as the first statement of
 * `insertStatements` makes them from the stored rows (no version, no name): those whose vector the client computes
 * (`searchVector`, ADR 0015 §9) in one COPY, the others in one `INSERT … SELECT FROM unnest(…)` with `search_tsv`.
 */
export async function indexNewMessages(
  q: StoreQ,
  messages: readonly PackedMessage[],
  inserted: readonly boolean[],
): Promise<void> {
  const ready: unknown[][] = [];
  const rest: { c: string[]; i: number[]; a: (string | null)[]; d: (number | null)[]; t: string[] } = {
    c: [],
    i: [],
    a: [],
    d: [],
    t: [],
  };
  for (let k = 0; k < messages.length; k++) {
    const p = messages[k];
    const text = p?.[AT.text];
    if (!p || !inserted[k] || !text) continue;
    const vector = searchVector(text);
    if (vector !== null)
      ready.push([
        'message',
        p[AT.chat_id],
        p[AT.message_id],
        '',
        p[AT.author_id],
        p[AT.date_utc],
        text,
        vector,
      ]);
    else {
      rest.c.push(p[AT.chat_id]);
      rest.i.push(p[AT.message_id]);
      rest.a.push(p[AT.author_id]);
      rest.d.push(p[AT.date_utc]);
      rest.t.push(text);
    }
  }
  await q.bulk.insert('search_doc', DOC_COLUMNS, ready);
  if (!rest.t.length) return;
  await sql`INSERT INTO search_doc (kind, chat_id, message_id, version, actor_id, at, body, tsv)
    SELECT 'message', c, i, '', a, d, t, search_tsv(t)
    FROM unnest(${rest.c}::text[], ${rest.i}::bigint[], ${rest.a}::text[], ${rest.d}::bigint[], ${rest.t}::text[])
      AS u(c, i, a, d, t)`.execute(q.db);
}

const DOC_COLUMNS = ['kind', 'chat_id', 'message_id', 'version', 'actor_id', 'at', 'body', 'tsv'] as const;

/** Empty the index and fill it from the whole case; returns the number of documents. */
export async function rebuildIndex(q: StoreQ): Promise<number> {
  if (q.dialect === 'sqlite') {
    await run(q, 'DELETE FROM search_doc');
    await run(q, `INSERT INTO search_fts (search_fts) VALUES ('delete-all')`);
    for (const s of insertStatements(ALL)) await run(q, s);
    await run(q, `INSERT INTO search_fts (search_fts) VALUES ('rebuild')`);
  } else {
    await run(q, 'TRUNCATE search_doc RESTART IDENTITY');
    for (const s of insertStatements(ALL, true)) await run(q, s);
  }
  const r = await q.db
    .selectFrom('search_doc')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
