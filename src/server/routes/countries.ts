import type { FastifyInstance } from 'fastify';
import { COUNTRY_ROUTES } from '../../contracts/countries.js';
import { listCountries } from '../../app/list-countries.js';
import { AppError } from '../../domain/errors.js';
import { defineRoute } from '../route.js';
import { readCase } from '../case-access.js';

const [list, one] = COUNTRY_ROUTES;

/** Actors and targets per attributed country, and one country's lists. */
export function countryRoutes(app: FastifyInstance): void {
  defineRoute(app, list, async ({ caseDir }) => {
    const { items, unattributed } = await readCase(caseDir, (ctx) => listCountries(ctx));
    return { items, unattributed };
  });
  defineRoute(app, one, async ({ caseDir, params }) => {
    const r = await readCase(caseDir, (ctx) => listCountries(ctx, { country: params.cc }));
    if (!r.detail) throw new AppError('USAGE', `country ${params.cc}: no detail`);
    return r.detail;
  });
}
