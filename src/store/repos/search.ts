import type { StoreQ } from '../port.js';
import type { SearchQuery } from '../../domain/search-query.js';
import { indexSource, rebuildIndex } from '../search-index.js';
import { searchIndex, type SearchFilters } from '../search-query.js';
import { chatContext } from '../search-context.js';

/** The full-text search index (migration 9, docs/search.md): derived from messages and names, rebuilt on demand. */
export function searchRepo(q: StoreQ) {
  return {
    /** Refresh the documents of one imported source (its messages, actor names and chat titles). */
    indexSource: (sourceId: string) => indexSource(q, sourceId),
    /** Empty the index and fill it from the whole case; returns the number of documents. */
    rebuild: () => rebuildIndex(q),
    /** One page of hits, best first, with excerpts. */
    search: (query: SearchQuery, filters: SearchFilters, offset: number, limit: number) =>
      searchIndex(q, query, filters, offset, limit),
    /** A chat and its messages around one (`before` up to it, `after` past it), in id order; undefined: no chat. */
    chatContext: (chatId: string, around: number, before: number, after: number) =>
      chatContext(q, chatId, around, before, after),
  };
}
