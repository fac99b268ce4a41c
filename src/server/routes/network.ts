import type { FastifyInstance } from 'fastify';
import { NETWORK_ROUTES } from '../../contracts/network.js';
import { networkGexf, networkView } from '../../app/network-view.js';
import { defineRoute } from '../route.js';
import { readCase } from '../case-access.js';

const [view, gexf] = NETWORK_ROUTES;

/** The actor network: compact JSON for the view, and the GEXF of the same selection. */
export function networkRoutes(app: FastifyInstance): void {
  defineRoute(app, view, async ({ caseDir, query }) => {
    const filters = { ...query, comembership: query.comembership === 'true' };
    const { doc: _doc, ...rest } = await readCase(caseDir, (ctx) => networkView(ctx, filters));
    return rest;
  });
  defineRoute(app, gexf, async ({ caseDir, params, query, reply }) => {
    const text = await readCase(caseDir, (ctx) => networkGexf(ctx, { ...query, comembership: false }));
    void reply
      .type('application/gexf+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${params.case}-network.gexf"`);
    return text;
  });
}
