import type { FastifyInstance } from 'fastify';
import { NETWORK_ROUTES } from '../../contracts/network.js';
import { networkView } from '../../app/network-view.js';
import { toGexf } from '../../formats/graph.js';
import { defineRoute } from '../route.js';
import { readCase } from '../case-access.js';

const [view, gexf] = NETWORK_ROUTES;

/** The actor network: compact JSON for the view, and the GEXF of the same selection. */
export function networkRoutes(app: FastifyInstance): void {
  defineRoute(app, view, async ({ caseDir, query }) => {
    const { doc: _doc, ...rest } = await readCase(caseDir, (ctx) => networkView(ctx, query));
    return rest;
  });
  defineRoute(app, gexf, async ({ caseDir, params, query, reply }) => {
    const { doc } = await readCase(caseDir, (ctx) => networkView(ctx, query));
    void reply
      .type('application/gexf+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${params.case}-network.gexf"`);
    return toGexf(doc);
  });
}
