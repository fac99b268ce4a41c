import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { isoUtc } from '../domain/time.js';
import type { MediaStatus } from '../domain/media-status.js';
import { formatSearchQuery, parseSearchQuery } from '../domain/search-query.js';
import { decodeCursor, encodeCursor } from './list-page.js';
import { isOwn, ownAccountIds } from './own-account-ids.js';
import { HIT_END, HIT_START, type SearchFilters } from '../store/search-query.js';

/** Input of searchMessages (`vigie search`, `GET …/search`). */
export interface SearchInput {
  readonly query: string;
  readonly chat?: string;
  readonly actor?: string;
  /** A day (`2024-03-01`, from its start) or an ISO-8601 time with a zone. */
  readonly from?: string;
  /** A day (up to its end) or an ISO-8601 time with a zone (inclusive). */
  readonly to?: string;
  readonly hasMedia?: boolean;
  readonly status?: MediaStatus;
  /** The page after this cursor (from a previous answer's `nextCursor`). */
  readonly cursor?: string;
  readonly limit?: number;
}

/** One piece of an excerpt: text, and whether it is a hit. */
export interface ExcerptPart {
  readonly text: string;
  readonly hit: boolean;
}

/** One hit of `vigie search --json`. */
export interface SearchItem {
  readonly kind: 'message' | 'actorName' | 'chatName';
  /** The chat's id (messages and chat titles). */
  readonly chat: string | null;
  /** The message id in its chat (messages). */
  readonly message: number | null;
  /** The author's actor id (messages), or the actor whose name this is. */
  readonly author: string | null;
  /** The author's name as the message shows it. */
  readonly authorName: string | null;
  /** The author is one of the case's own (undercover) accounts (issue 19). */
  readonly authorUndercover: boolean;
  /** ISO-8601 UTC: the message's date, or when the name was first seen. */
  readonly date: string | null;
  /** null for the message's stored text; an earlier version's hash for an earlier text (an edit). */
  readonly version: string | null;
  /** The message was edited (it has an edit time or earlier versions). */
  readonly edited: boolean;
  /** The excerpt with each hit between `[` and `]`. */
  readonly excerpt: string;
  /** The same excerpt in pieces (unambiguous, for display). */
  readonly parts: ExcerptPart[];
}

/** What a search answers: the query as understood, one page of hits and the next page's cursor (null: last). */
export interface SearchResult {
  readonly query: string;
  readonly items: SearchItem[];
  readonly nextCursor: string | null;
}

/** Hits per page unless asked otherwise, and at most. */
export const SEARCH_PAGE = { default: 50, max: 1000 } as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A `--from`/`--to` value as epoch ms: the start of the day, or the time; `end` gives the exclusive bound after it. */
export function searchTime(value: string, flag: string, end: boolean): number {
  const ms = DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : TIME.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms))
    throw new AppError(
      'USAGE',
      `${flag} ${value}: not a day (2024-03-01) or a time with a zone (2024-03-01T10:00Z)`,
    );
  if (!end) return ms;
  return DAY.test(value) ? ms + 86_400_000 : ms + 1;
}

/** Split an excerpt marked with the store's hit marks into parts. */
export function excerptParts(marked: string): ExcerptPart[] {
  const out: ExcerptPart[] = [];
  let hit = false;
  for (const piece of marked.split(new RegExp(`(${HIT_START}|${HIT_END})`))) {
    if (piece === HIT_START) hit = true;
    else if (piece === HIT_END) hit = false;
    else if (piece) out.push({ text: piece, hit });
  }
  return out;
}

/** Search every message version, actor name and chat title of the case (docs/search.md). */
export async function searchMessages(
  deps: Pick<CaseContext, 'store'>,
  input: SearchInput,
): Promise<SearchResult> {
  const query = parseSearchQuery(input.query);
  const limit = input.limit ?? SEARCH_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_PAGE.max)
    throw new AppError('USAGE', `--limit ${limit}: a whole number from 1 to ${SEARCH_PAGE.max}`);
  const filters: SearchFilters = {
    ...(input.chat !== undefined ? { chat: input.chat } : {}),
    ...(input.actor !== undefined ? { actor: input.actor } : {}),
    ...(input.from !== undefined ? { from: searchTime(input.from, '--from', false) } : {}),
    ...(input.to !== undefined ? { to: searchTime(input.to, '--to', true) } : {}),
    ...(input.hasMedia ? { hasMedia: true } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
  };
  // Pages are places in the ranked list (ranks are scores, not keys): the cursor holds the next hit's position.
  const offset = decodeCursor(input.cursor, ['number'])?.[0] ?? 0;
  if (!Number.isInteger(offset) || offset < 0)
    throw new AppError('USAGE', `cursor '${input.cursor ?? ''}': not a cursor of this list`);
  const rows = await deps.store.search.search(query, filters, offset, limit + 1);
  const own = await ownAccountIds(deps.store);
  const items = rows.slice(0, limit).map((r): SearchItem => {
    const parts = excerptParts(r.excerpt);
    return {
      kind: r.kind,
      chat: r.chat_id,
      message: r.message_id,
      author: r.actor_id,
      authorName: r.kind === 'message' ? r.author_name : null,
      authorUndercover: isOwn(own, r.actor_id),
      date: isoUtc(r.at),
      version: r.version === '' ? null : r.version,
      edited: r.kind === 'message' && (r.edited_utc !== null || r.version !== ''),
      excerpt: parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join(''),
      parts,
    };
  });
  const nextCursor = rows.length > limit ? encodeCursor([offset + limit]) : null;
  return { query: formatSearchQuery(query), items, nextCursor };
}
