import * as z from 'zod';
import { CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';
import { MediaQuery } from './listings.js';
import { SearchQueryParams } from './search.js';

/** The tables the workbench exports. */
export const ExportTable = z.enum(['actors', 'targets', 'media', 'search']);
/** A table the workbench exports. */
export type ExportTable = z.infer<typeof ExportTable>;

/** `?format=csv|json` of every export (CSV by default). */
export const ExportFormat = z.object({ format: z.enum(['csv', 'json']).default('csv') });

/** `?format=&status=&category=&chat=&actor=&from=&to=` of the media export: every filter of the media list. */
export const MediaExportQuery = ExportFormat.extend(MediaQuery.omit({ cursor: true, limit: true }).shape);

/** `?format=&country=&home=` of the targets export. */
export const TargetsExportQuery = ExportFormat.extend({
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code')
    .optional(),
  home: z.enum(['true', 'false']).optional(),
});

/** `?format=&q=&chat=…` of the search export: the search's filters, every hit (not one page). */
export const SearchExportQuery = ExportFormat.extend(
  SearchQueryParams.omit({ cursor: true, limit: true }).shape,
);

const EXPORTS = '/api/v1/cases/{case}/exports';
const summary = (what: string, twin: string) =>
  `Export every ${what} (the whole filtered list, not one page) as CSV (formula cells neutralised) or JSON (the items of ${twin}); audited as a disclosure`;

/** Table exports (CSV or JSON): each call is an audit event `export` naming the table, filters, rows and digest. */
export const EXPORT_ROUTES = [
  {
    id: 'exports.actors',
    method: 'GET',
    path: `${EXPORTS}/actors`,
    summary: summary('analysed actor', 'GET …/actors'),
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.targetReaders,
    query: ExportFormat,
    response: 'bytes',
    audited: true,
  },
  {
    id: 'exports.targets',
    method: 'GET',
    path: `${EXPORTS}/targets`,
    summary: summary('ranked target', 'GET …/targets'),
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.targetReaders,
    query: TargetsExportQuery,
    response: 'bytes',
    audited: true,
  },
  {
    id: 'exports.media',
    method: 'GET',
    path: `${EXPORTS}/media`,
    summary: summary("media (with the media list's filters)", 'GET …/media'),
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.analysts,
    query: MediaExportQuery,
    response: 'bytes',
    audited: true,
  },
  {
    id: 'exports.search',
    method: 'GET',
    path: `${EXPORTS}/search`,
    summary: summary('search hit', 'GET …/search'),
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.analysts,
    query: SearchExportQuery,
    response: 'bytes',
    audited: true,
  },
] as const satisfies readonly RouteContract[];
