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
 * written (their vectors are written with them), and these are the ones whose text may have changed since.
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

/**
 * PostgreSQL after migration 14: the statements of a scope, where the stored texts' vectors are the `tsv` column of
 * `message` (set, or cleared for no text) and `search_doc` holds the other documents.
 */
function postgresStatements(s: Scope): string[] {
  return [
    `UPDATE message m SET tsv = CASE WHEN m.text IS NOT NULL AND m.text <> '' THEN search_tsv(m.text) END
      WHERE ${s.messages}`,
    ...insertStatements(s, true).slice(1),
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
  const statements = q.dialect === 'postgres' ? postgresStatements(scope) : insertStatements(scope);
  for (const s of statements) await run(q, s, { source: sourceId });
  if (q.dialect === 'sqlite') await run(q, FTS_ADD, { after });
}

/**
 * PostgreSQL: a message's search vector as its import writes it in the `tsv` column (migration 14): the client's
 * (`searchVector`, ADR 0015 §9), or null for no text or a text the client leaves to the server (`vectoriseLeft`).
 */
export function messageVector(p: PackedMessage): string | null {
  const text = p[AT.text];
  return text ? searchVector(text) : null;
}

/**
 * PostgreSQL: the vectors of the batch's new messages (those `inserted`) whose text the client left to the server
 * (`vectors[k]` null with a text), computed with `search_tsv` in one statement.
 */
export async function vectoriseLeft(
  q: StoreQ,
  messages: readonly PackedMessage[],
  vectors: readonly (string | null)[],
  inserted: readonly boolean[],
): Promise<void> {
  const c: string[] = [];
  const i: number[] = [];
  for (let k = 0; k < messages.length; k++) {
    const p = messages[k];
    if (!p || !inserted[k] || vectors[k] !== null || !p[AT.text]) continue;
    c.push(p[AT.chat_id]);
    i.push(p[AT.message_id]);
  }
  if (!c.length) return;
  await sql`UPDATE message m SET tsv = search_tsv(m.text)
    FROM unnest(${c}::text[], ${i}::bigint[]) AS u(c, i) WHERE m.chat_id = u.c AND m.message_id = u.i`.execute(
    q.db,
  );
}

/** Empty the index and fill it from the whole case; returns the number of documents. */
export async function rebuildIndex(q: StoreQ): Promise<number> {
  if (q.dialect === 'sqlite') {
    await run(q, 'DELETE FROM search_doc');
    await run(q, `INSERT INTO search_fts (search_fts) VALUES ('delete-all')`);
    for (const s of insertStatements(ALL)) await run(q, s);
    await run(q, `INSERT INTO search_fts (search_fts) VALUES ('rebuild')`);
  } else {
    await run(q, 'TRUNCATE search_doc RESTART IDENTITY');
    for (const s of postgresStatements(ALL)) await run(q, s);
  }
  const r = await q.db
    .selectFrom('search_doc')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  // PostgreSQL: the stored texts' documents are the messages' vectors (migration 14).
  const vectors =
    q.dialect === 'postgres'
      ? (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM message WHERE tsv IS NOT NULL`.execute(q.db))
          .rows[0]?.n
      : 0;
  return Number(r?.n ?? 0) + Number(vectors ?? 0);
}
