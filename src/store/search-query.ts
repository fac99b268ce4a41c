import { sql, type RawBuilder } from 'kysely';
import type { StoreQ } from './port.js';
import { MIN_PDQ_QUALITY, type MediaStatus } from '../domain/media-status.js';
import { toFts5Match, toTsquery, type SearchQuery } from '../domain/search-query.js';

/**
 * Running a parsed search over the index (migration 9): SQLite's FTS5 MATCH ranked by bm25, PostgreSQL's `@@` on
 * the search vectors (the messages' `tsv` column and `search_doc`'s, migration 14) ranked by ts_rank; then date
 * (newest first) and the document's key, so that pages are stable. Excerpts are made only for the page's hits
 * (FTS5 `snippet`, PostgreSQL `ts_headline`).
 */

/** Filters of a search: `chat` and `actor` also keep names (chat titles, actor names); the others keep messages. */
export interface SearchFilters {
  readonly chat?: string;
  readonly actor?: string;
  /** Epoch ms, inclusive. */
  readonly from?: number;
  /** Epoch ms, exclusive. */
  readonly to?: number;
  readonly hasMedia?: boolean;
  readonly status?: MediaStatus;
}

/** One hit: its document, the message's author and edit time, and the excerpt with hits between \u0002 and \u0003. */
export interface SearchHitRow {
  readonly kind: 'message' | 'actorName' | 'chatName';
  readonly chat_id: string | null;
  readonly message_id: number | null;
  readonly version: string;
  readonly actor_id: string | null;
  readonly at: number | null;
  readonly author_name: string | null;
  readonly edited_utc: number | null;
  readonly excerpt: string;
}

/** Marks around a hit inside an excerpt (control characters: never in ordinary chat text). */
export const HIT_START = '\u0002';
/** End of a hit inside an excerpt. */
export const HIT_END = '\u0003';

const listed = (role: string) =>
  sql`EXISTS (SELECT 1 FROM match x JOIN hash_list l ON l.name = x.list_name
    WHERE x.sha256 = o.sha256 AND l.role = ${role})`;

/** The status condition on an occurrence `o`, as `vigie media` computes a media's status. */
function statusOf(status: MediaStatus): RawBuilder<unknown> {
  const hashed = sql`EXISTS (SELECT 1 FROM signal s WHERE s.sha256 = o.sha256 AND s.type = 'sha256')`;
  const lowq = sql`EXISTS (SELECT 1 FROM signal s WHERE s.sha256 = o.sha256 AND s.type = 'pdq')
    AND NOT EXISTS (SELECT 1 FROM signal s WHERE s.sha256 = o.sha256 AND s.type = 'pdq'
      AND (s.quality IS NULL OR s.quality >= ${MIN_PDQ_QUALITY}))`;
  switch (status) {
    case 'known':
      return listed('alert');
    case 'ignored':
      return sql`${listed('ignore')} AND NOT ${listed('alert')}`;
    case 'new':
      return sql`${hashed} AND NOT ${listed('alert')} AND NOT ${listed('ignore')} AND NOT (${lowq})`;
    case 'uncertain':
      return sql`${hashed} AND NOT ${listed('alert')} AND NOT ${listed('ignore')} AND ${lowq}`;
    case 'unhashed':
      return sql`o.sha256 IS NOT NULL AND NOT ${hashed} AND NOT ${listed('alert')} AND NOT ${listed('ignore')}`;
  }
}

function filtersOf(f: SearchFilters): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (f.chat !== undefined) out.push(sql`d.chat_id = ${f.chat}`);
  if (f.actor !== undefined) out.push(sql`d.actor_id = ${f.actor}`);
  const messagesOnly = f.from !== undefined || f.to !== undefined || f.hasMedia || f.status !== undefined;
  if (messagesOnly) out.push(sql`d.kind = 'message'`);
  if (f.from !== undefined) out.push(sql`d.at >= ${f.from}`);
  if (f.to !== undefined) out.push(sql`d.at < ${f.to}`);
  // Checked per hit through the keys (`LIMIT 1 OFFSET 0` keeps PostgreSQL from hashing every occurrence and signal
  // of the case into a semi-join when a common word has thousands of hits).
  const occ = (cond: RawBuilder<unknown>) =>
    sql`EXISTS (SELECT 1 FROM media_occurrence o
      WHERE o.chat_id = d.chat_id AND o.message_id = d.message_id AND ${cond} LIMIT 1 OFFSET 0)`;
  if (f.hasMedia) out.push(occ(sql`1 = 1`));
  if (f.status !== undefined) out.push(occ(statusOf(f.status)));
  return out;
}

/** Ties after the rank: newest first, then the document's key (`d` or another alias). */
const tieBreak = (d: string) =>
  sql.raw(`CASE WHEN ${d}.at IS NULL THEN 1 ELSE 0 END, ${d}.at DESC, ${d}.kind,
  COALESCE(${d}.chat_id, ''), COALESCE(${d}.message_id, -1), ${d}.version, COALESCE(${d}.actor_id, '')`);

/** SQLite: the ids of one page of hits, best first. */
async function rankedIds(
  q: StoreQ,
  query: SearchQuery,
  f: SearchFilters,
  offset: number,
  limit: number,
): Promise<number[]> {
  const where = filtersOf(f);
  const and = where.length ? sql` AND ${sql.join(where, sql` AND `)}` : sql``;
  const r = await sql<{ id: number }>`SELECT d.id FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid
    WHERE search_fts MATCH ${toFts5Match(query)}${and}
    ORDER BY bm25(search_fts), ${tieBreak('d')} LIMIT ${limit} OFFSET ${offset}`.execute(q.db);
  return r.rows.map((x) => Number(x.id));
}

/**
 * PostgreSQL: one page of hits with excerpts. The documents are the messages' stored texts (their `tsv` column,
 * migration 14) and the other rows of `search_doc` (earlier versions, names, titles), ranked together by ts_rank;
 * the filters apply to both as to one table `d`.
 */
async function searchPostgres(
  q: StoreQ,
  query: SearchQuery,
  f: SearchFilters,
  offset: number,
  limit: number,
): Promise<SearchHitRow[]> {
  const where = filtersOf(f);
  const filter = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const tq = sql`to_tsquery('vigie_search', ${toTsquery(query)})`;
  const r = await sql<SearchHitRow>`WITH page AS (
      SELECT d.* FROM (
        SELECT 'message' AS kind, m.chat_id, m.message_id, '' AS version, m.author_id AS actor_id,
          m.date_utc AS at, m.text AS body, ts_rank(m.tsv, ${tq}) AS rank
          FROM message m WHERE m.tsv @@ ${tq}
        UNION ALL
        SELECT s.kind, s.chat_id, s.message_id, s.version, s.actor_id, s.at, s.body, ts_rank(s.tsv, ${tq})
          FROM search_doc s WHERE s.tsv @@ ${tq}
      ) d ${filter}
      ORDER BY d.rank DESC, ${tieBreak('d')} LIMIT ${limit} OFFSET ${offset})
    SELECT p.kind, p.chat_id, p.message_id, p.version, p.actor_id, p.at, m.author_name, m.edited_utc,
      ts_headline('vigie_search', p.body, ${tq}, ${PG_HEADLINE}) AS excerpt
    FROM page p LEFT JOIN message m ON p.kind = 'message' AND m.chat_id = p.chat_id AND m.message_id = p.message_id
    ORDER BY p.rank DESC, ${tieBreak('p')}`.execute(q.db);
  return r.rows.map(numbers);
}

/** A hit row with its integer columns as numbers. */
const numbers = (row: SearchHitRow): SearchHitRow => ({
  ...row,
  message_id: row.message_id === null ? null : Number(row.message_id),
  at: row.at === null ? null : Number(row.at),
  edited_utc: row.edited_utc === null ? null : Number(row.edited_utc),
});

/** Excerpt options: about 24 words around the hits. */
const PG_HEADLINE = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=35, MinWords=15`;

/** One page of hits (`limit` from `offset`), best first, with excerpts. */
export async function searchIndex(
  q: StoreQ,
  query: SearchQuery,
  f: SearchFilters,
  offset: number,
  limit: number,
): Promise<SearchHitRow[]> {
  if (q.dialect === 'postgres') return searchPostgres(q, query, f, offset, limit);
  const ids = await rankedIds(q, query, f, offset, limit);
  if (!ids.length) return [];
  const r = await sql<SearchHitRow & { id: number }>`SELECT d.id, d.kind, d.chat_id, d.message_id, d.version,
      d.actor_id, d.at, m.author_name, m.edited_utc,
      snippet(search_fts, 0, ${HIT_START}, ${HIT_END}, '…', 24) AS excerpt
    FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid
    LEFT JOIN message m ON d.kind = 'message' AND m.chat_id = d.chat_id AND m.message_id = d.message_id
    WHERE search_fts MATCH ${toFts5Match(query)} AND d.id IN (${sql.join(ids)})`.execute(q.db);
  const byId = new Map(r.rows.map((x) => [Number(x.id), x]));
  return ids.flatMap((id) => {
    const x = byId.get(id);
    if (!x) return [];
    const { id: _id, ...row } = x;
    return [numbers(row)];
  });
}
