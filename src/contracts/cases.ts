import * as z from 'zod';
import { CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';

/** A case the person may open (admins: every case of the folder, to grant them). */
export const CaseSummary = z.object({
  /** The case folder's name: the `{case}` of every case route. */
  name: z.string(),
  /** The name given at `vigie init`. */
  title: z.string(),
  home: z.string().nullable(),
  database: z.enum(['sqlite', 'postgres']),
  created: z.string(),
  granted: z.boolean(),
});
/** A case the person may open. */
export type CaseSummary = z.infer<typeof CaseSummary>;

/** `vigie stats --json`. */
export const CaseStats = z.object({
  sources: z.number(),
  chats: z.number(),
  actors: z.number(),
  members: z.number(),
  messages: z.number(),
  serviceMessages: z.number(),
  media: z.number(),
  images: z.number(),
  videos: z.number(),
  hashed: z.number(),
  knownMedia: z.number(),
  newMedia: z.number(),
  ignoredMedia: z.number(),
  countries: z.number(),
  targets: z.number(),
  acceptedTargets: z.number(),
  uncertainMedia: z.number(),
});
/** `vigie stats --json`. */
export type CaseStats = z.infer<typeof CaseStats>;

/** The case list and one case's figures. */
export const CASE_ROUTES = [
  {
    id: 'cases.list',
    method: 'GET',
    path: '/api/v1/cases',
    summary: 'The cases granted to the signed-in person (admins: every case, granted or not)',
    roles: 'signed-in',
    caseScoped: false,
    response: z.object({ items: z.array(CaseSummary), nextCursor: z.null() }),
  },
  {
    id: 'cases.stats',
    method: 'GET',
    path: '/api/v1/cases/{case}/stats',
    summary: "The case's figures (twin of vigie stats --json)",
    roles: ROLE_SETS.caseReaders,
    caseScoped: true,
    params: CaseParams,
    response: CaseStats,
  },
] as const satisfies readonly RouteContract[];
