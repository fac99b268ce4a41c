import { createHash } from 'node:crypto';
import type { CaseContext } from './context.js';
import { toCsv } from '../contracts/csv.js';
import type { ExportTable } from '../contracts/exports.js';
import type { MediaStatus } from '../domain/media-status.js';
import { listActors } from './list-actors.js';
import { listTargets } from './list-targets.js';
import { listMedia } from './list-media.js';
import { searchMessages, type SearchInput } from './search-messages.js';
import {
  ACTOR_COLUMNS,
  MEDIA_COLUMNS,
  SEARCH_COLUMNS,
  TARGET_COLUMNS,
  type Column,
} from './export-columns.js';

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
  | { readonly table: 'media'; readonly format: 'csv' | 'json'; readonly status?: MediaStatus }
  | {
      readonly table: 'search';
      readonly format: 'csv' | 'json';
      readonly search: Omit<SearchInput, 'cursor' | 'limit'>;
    };

/** An export ready to send: its pieces (sent one after the other), and what the audit event records. */
export interface ExportBody {
  readonly table: ExportTable;
  readonly contentType: string;
  readonly fileName: string;
  readonly chunks: readonly string[];
  readonly rows: number;
  readonly bytes: number;
  /** SHA-256 of the whole body: what left the case. */
  readonly sha256: string;
}

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

const COLUMNS: Readonly<Record<ExportTable, ReadonlyArray<Column<never>>>> = {
  actors: ACTOR_COLUMNS,
  targets: TARGET_COLUMNS,
  media: MEDIA_COLUMNS,
  search: SEARCH_COLUMNS,
};

/**
 * Export a whole filtered table (`GET …/exports/{table}`): CSV through the one CSV writer (formula cells
 * neutralised) or JSON (the listing's items), read page by page; the caller records the export as an audit event.
 */
export async function exportTable(
  deps: Pick<CaseContext, 'store' | 'info' | 'paths'>,
  input: ExportInput,
): Promise<ExportBody> {
  const columns = COLUMNS[input.table] as ReadonlyArray<Column<unknown>>;
  const header = toCsv(columns, []);
  const chunks: string[] = [];
  let rows = 0;
  if (input.format === 'csv') chunks.push(header);
  for await (const page of pagesOf(deps, input)) {
    if (input.format === 'csv') chunks.push(toCsv(columns, page).slice(header.length));
    else chunks.push(page.map((x, i) => (rows + i === 0 ? '' : ',') + JSON.stringify(x)).join(''));
    rows += page.length;
  }
  if (input.format === 'json') {
    chunks.unshift('[');
    chunks.push(']\n');
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for (const c of chunks) {
    hash.update(c, 'utf8');
    bytes += Buffer.byteLength(c, 'utf8');
  }
  const caseName = deps.paths.dir.split(/[\\/]/).filter(Boolean).pop() ?? 'case';
  return {
    table: input.table,
    contentType: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    fileName: `${caseName}-${input.table}.${input.format}`,
    chunks,
    rows,
    bytes,
    sha256: hash.digest('hex'),
  };
}
