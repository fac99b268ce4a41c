import type { CaseContext } from './context.js';
import type { MediaStatus } from '../domain/media-status.js';
import { listActors } from './list-actors.js';
import { listTargets } from './list-targets.js';
import { listMedia, type MediaListInput } from './list-media.js';
import { searchMessages, type SearchInput } from './search-messages.js';

/** Rows read per page while exporting. */
export const EXPORT_PAGE = 1000;

/** What to export: the table, the format and the listing's filters. */
export type ExportInput =
  | { readonly table: 'actors'; readonly format: 'csv' | 'json' }
  | {
      readonly table: 'targets';
      readonly format: 'csv' | 'json';
      readonly country?: string;
      readonly home?: boolean;
    }
  | {
      readonly table: 'media';
      readonly format: 'csv' | 'json';
      readonly status?: MediaStatus;
      /** The media list's other filters (`MediaListInput`): category (null: uncategorised), chat, actor, dates. */
      readonly filters?: Pick<MediaListInput, 'category' | 'chat' | 'actor' | 'from' | 'to'>;
    }
  | {
      readonly table: 'search';
      readonly format: 'csv' | 'json';
      readonly search: Omit<SearchInput, 'cursor' | 'limit'>;
    };

/** A table the workbench exports. */
export type ExportTable = ExportInput['table'];

/** Every page of a listing, in the listing's order. */
async function* pagesOf(
  deps: Pick<CaseContext, 'store' | 'info'>,
  input: ExportInput,
): AsyncGenerator<readonly unknown[]> {
  switch (input.table) {
    case 'actors':
      for (let after: string | undefined; ;) {
        const page = await listActors(deps, {
          ...(after === undefined ? {} : { after }),
          limit: EXPORT_PAGE,
        });
        if (page.length) yield page;
        if (page.length < EXPORT_PAGE) return;
        after = page[page.length - 1]!.id;
      }
    case 'targets':
      // The targets listing filters by country over every score: one call gives the whole filtered list.
      if (input.country !== undefined || input.home) {
        yield await listTargets(deps, {
          ...(input.country !== undefined ? { country: input.country } : {}),
          ...(input.home ? { home: true } : {}),
        });
        return;
      }
      for (let after: { rank: number; actor: string } | undefined; ;) {
        const page = await listTargets(deps, { ...(after ? { after } : {}), limit: EXPORT_PAGE });
        if (page.length) yield page;
        if (page.length < EXPORT_PAGE) return;
        const last = page[page.length - 1]!;
        after = { rank: last.rank, actor: last.actor };
      }
    case 'media':
      for (let after: string | undefined; ;) {
        const page = await listMedia(deps, {
          ...(input.status ? { statuses: [input.status] } : {}),
          ...input.filters,
          ...(after === undefined ? {} : { after }),
          limit: EXPORT_PAGE,
        });
        if (page.length) yield page;
        if (page.length < EXPORT_PAGE) return;
        after = page[page.length - 1]!.sha256;
      }
    case 'search':
      if (!input.search.query.trim()) return;
      for (let cursor: string | undefined; ;) {
        const r = await searchMessages(deps, {
          ...input.search,
          ...(cursor === undefined ? {} : { cursor }),
          limit: EXPORT_PAGE,
        });
        if (r.items.length) yield r.items;
        if (r.nextCursor === null) return;
        cursor = r.nextCursor;
      }
  }
}

/**
 * Every row of a whole filtered table (`GET …/exports/{table}`), page by page in the listing's order: the items of
 * the JSON listing (actors, targets, media, search hits); the server writes them as CSV or JSON.
 */
export function exportRows(
  deps: Pick<CaseContext, 'store' | 'info'>,
  input: ExportInput,
): AsyncGenerator<readonly unknown[]> {
  return pagesOf(deps, input);
}
