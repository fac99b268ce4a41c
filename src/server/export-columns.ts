import type { CsvValue } from '../contracts/csv.js';
import type { ActorItem } from '../app/list-actors.js';
import type { TargetItem } from '../app/list-targets.js';
import type { MediaItem } from '../app/list-media.js';
import type { SearchItem } from '../app/search-messages.js';
import type { ExportTable } from '../contracts/exports.js';

/** One CSV column: its header and how a row gives its cell. */
export interface Column<Row> {
  readonly name: string;
  readonly value: (row: Row) => CsvValue;
}

interface Attributed {
  readonly country?: string | null;
  readonly probability?: number;
  readonly abstained?: boolean;
}

const attributionOf = (a: unknown): Attributed => (a ?? {}) as Attributed;

/** The actors table's columns (the names joined with ` | `, the first one first). */
export const ACTOR_COLUMNS: ReadonlyArray<Column<ActorItem>> = [
  { name: 'id', value: (a) => a.id },
  { name: 'names', value: (a) => a.names.join(' | ') },
  { name: 'chats', value: (a) => a.chats.length },
  { name: 'messages', value: (a) => a.messages },
  { name: 'newClustersOriginated', value: (a) => a.newClustersOriginated },
  { name: 'community', value: (a) => a.community },
  { name: 'pagerank', value: (a) => a.pagerank },
  { name: 'betweenness', value: (a) => a.betweenness },
  { name: 'country', value: (a) => attributionOf(a.attribution).country ?? null },
  { name: 'probability', value: (a) => attributionOf(a.attribution).probability ?? null },
  { name: 'undercover', value: (a) => a.undercover },
];

/** The targets table's columns (factors as `name=contribution` pairs). */
export const TARGET_COLUMNS: ReadonlyArray<Column<TargetItem>> = [
  { name: 'rank', value: (t) => t.rank },
  { name: 'actor', value: (t) => t.actor },
  { name: 'score', value: (t) => t.score },
  { name: 'country', value: (t) => t.attribution?.country ?? null },
  { name: 'probability', value: (t) => t.attribution?.probability ?? null },
  { name: 'abstained', value: (t) => t.attribution?.abstained ?? null },
  { name: 'decision', value: (t) => t.decision?.decision ?? null },
  { name: 'decidedBy', value: (t) => t.decision?.user ?? null },
  { name: 'decidedAt', value: (t) => t.decision?.at ?? null },
  { name: 'reason', value: (t) => t.decision?.reason ?? null },
  {
    name: 'factors',
    value: (t) =>
      (t.factors as Array<{ name?: string; contribution?: number }>)
        .map((f) => `${f.name ?? '?'}=${f.contribution ?? 0}`)
        .join('; '),
  },
];

/** The media table's columns. */
export const MEDIA_COLUMNS: ReadonlyArray<Column<MediaItem>> = [
  { name: 'sha256', value: (m) => m.sha256 },
  { name: 'md5', value: (m) => m.md5 },
  { name: 'pdq', value: (m) => m.pdq },
  { name: 'kind', value: (m) => m.kind },
  { name: 'status', value: (m) => m.status },
  { name: 'lists', value: (m) => [...new Set(m.matches.map((x) => x.list))].join(' | ') },
  { name: 'occurrences', value: (m) => m.occurrences },
  { name: 'cluster', value: (m) => m.cluster },
  { name: 'firstSeen', value: (m) => m.firstSeen },
  { name: 'originator', value: (m) => m.originator },
  { name: 'firstChat', value: (m) => m.firstMessage?.chat ?? null },
  { name: 'firstMessage', value: (m) => m.firstMessage?.message ?? null },
  { name: 'category', value: (m) => m.decision?.category ?? null },
  { name: 'tags', value: (m) => m.decision?.tags.join(' | ') ?? null },
  { name: 'note', value: (m) => m.decision?.note ?? null },
  { name: 'originatorUndercover', value: (m) => m.originatorUndercover },
];

/** The search hits' columns. */
export const SEARCH_COLUMNS: ReadonlyArray<Column<SearchItem>> = [
  { name: 'kind', value: (s) => s.kind },
  { name: 'chat', value: (s) => s.chat },
  { name: 'message', value: (s) => s.message },
  { name: 'author', value: (s) => s.author },
  { name: 'authorName', value: (s) => s.authorName },
  { name: 'date', value: (s) => s.date },
  { name: 'version', value: (s) => s.version },
  { name: 'edited', value: (s) => s.edited },
  { name: 'excerpt', value: (s) => s.excerpt },
  { name: 'authorUndercover', value: (s) => s.authorUndercover },
];

/** The columns of each exported table. */
export const EXPORT_COLUMNS: Readonly<Record<ExportTable, ReadonlyArray<Column<never>>>> = {
  actors: ACTOR_COLUMNS,
  targets: TARGET_COLUMNS,
  media: MEDIA_COLUMNS,
  search: SEARCH_COLUMNS,
};
