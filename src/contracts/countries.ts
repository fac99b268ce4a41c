import * as z from 'zod';
import { CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';

/** One country: actors attributed to it (not abstained) and ranked targets among them. */
export const CountryItem = z.object({
  country: z.string(),
  actors: z.number().int(),
  targets: z.number().int(),
});
/** One country's figures. */
export type CountryItem = z.infer<typeof CountryItem>;

/** Countries by alpha-2 code, with the actors neither attributed nor abstaining counted apart. */
export const CountryList = z.object({
  items: z.array(CountryItem),
  /** Analysed actors without a country (abstained or never attributed). */
  unattributed: z.number().int(),
});

/** One country's actors (by id) and targets (by rank), each with the attribution's probability. */
export const CountryDetail = z.object({
  country: z.string(),
  actors: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      probability: z.number(),
      /** One of the case's own (undercover) accounts (issue 19). */
      undercover: z.boolean(),
    }),
  ),
  targets: z.array(
    z.object({ rank: z.number(), actor: z.string(), score: z.number(), probability: z.number() }),
  ),
});
/** One country's actors and targets. */
export type CountryDetail = z.infer<typeof CountryDetail>;

/** The countries view's routes. */
export const COUNTRY_ROUTES = [
  {
    id: 'countries.list',
    method: 'GET',
    path: '/api/v1/cases/{case}/countries',
    summary: 'Attributed actors and targets per country (ISO 3166-1 alpha-2)',
    caseScoped: true,
    params: CaseParams,
    roles: ROLE_SETS.targetReaders,
    response: CountryList,
  },
  {
    id: 'countries.get',
    method: 'GET',
    path: '/api/v1/cases/{case}/countries/{cc}',
    summary: "One country's attributed actors and targets with probability",
    caseScoped: true,
    params: CaseParams.extend({ cc: z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code') }),
    roles: ROLE_SETS.targetReaders,
    response: CountryDetail,
  },
] as const satisfies readonly RouteContract[];
