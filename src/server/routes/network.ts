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
    const filters = { ...query, comembership: query.comembership === 'true' };
    const { doc: _doc, ...rest } = await readCase(caseDir, (ctx) => networkView(ctx, filters));
    return rest;
  });
  defineRoute(app, gexf, async ({ caseDir, params, query, reply }) => {
    // Co-membership needs no edges of its own in the GEXF: the actor → chat memberships are there.
    const { doc } = await readCase(caseDir, (ctx) => networkView(ctx, { ...query, comembership: false }));
    void reply
      .type('application/gexf+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${params.case}-network.gexf"`);
    return toGexf(doc);
  });
}
