import type { FastifyInstance } from 'fastify';
import { CASE_ROUTES } from '../../contracts/cases.js';
import { listCases } from '../../app/list-cases.js';
import { caseStats } from '../../app/case-stats.js';
import { defineRoute } from '../route.js';
import { readCase } from '../case-access.js';

const [listRoute, statsRoute] = CASE_ROUTES;

/** The case list and one case's figures. */
export function caseRoutes(app: FastifyInstance): void {
  defineRoute(app, listRoute, async ({ person, session }) => ({
    items: listCases({
      casesDir: app.vigie.casesDir,
      granted: session!.cases,
      all: person.role === 'admin',
    }),
    nextCursor: null,
  }));
  defineRoute(app, statsRoute, async ({ caseDir }) => readCase(caseDir, (ctx) => caseStats(ctx)));
}
