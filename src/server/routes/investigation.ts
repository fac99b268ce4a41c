import type { FastifyInstance } from 'fastify';
import { INVESTIGATION_ROUTES } from '../../contracts/investigation.js';
import { actorProfile } from '../../app/actor-profile.js';
import { clusterSpread } from '../../app/cluster-spread.js';
import { auditFacets } from '../../app/audit-facets.js';
import { defineRoute } from '../route.js';
import { readCase } from '../case-access.js';

const [profileRoute, spreadRoute, facetsRoute, verifyRoute] = INVESTIGATION_ROUTES;

/** The investigation views: the actor page, a cluster's spread, the audit view's choices, verify as a job. */
export function investigationRoutes(app: FastifyInstance): void {
  defineRoute(app, profileRoute, async ({ caseDir, params }) =>
    readCase(caseDir, (ctx) => actorProfile(ctx, { id: params.id })),
  );
  defineRoute(app, spreadRoute, async ({ caseDir, params }) =>
    readCase(caseDir, (ctx) => clusterSpread(ctx, { cluster: params.cluster })),
  );
  defineRoute(app, facetsRoute, async ({ caseDir }) => readCase(caseDir, (ctx) => auditFacets(ctx)));
  // The job runner is the jobs routes' (registered before this module): verify queues there, read-only.
  defineRoute(app, verifyRoute, async ({ person, caseDir, params }) => ({
    id: app.vigieJobs.submit(params.case, caseDir, person, { kind: 'verify' }).id,
  }));
}
