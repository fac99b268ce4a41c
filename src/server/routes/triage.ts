import type { FastifyInstance } from 'fastify';
import { TRIAGE_ROUTES } from '../../contracts/triage.js';
import { listCategories } from '../../app/list-categories.js';
import { categoriseMedia, type CategoriseInput } from '../../app/categorise-media.js';
import { decideTarget } from '../../app/decide-target.js';
import type { CaseContext } from '../../app/context.js';
import { defineRoute } from '../route.js';
import { readCase, writeCase } from '../case-access.js';
import type { Person } from '../context.js';
import { wellnessRoutes } from './triage-wellness.js';

const [, , , , categoriesRoute, decideRoute, bulkRoute, clusterRoute, targetRoute] = TRIAGE_ROUTES;

/** The change fields of a body, without undefined ones. */
type Change = Pick<CategoriseInput, 'category' | 'tags' | 'note'>;

/** The server's scheme file, for cases without their own. */
function schemeInput(app: FastifyInstance): { serverFile?: string } {
  return app.vigie.categoriesFile ? { serverFile: app.vigie.categoriesFile } : {};
}

/** Apply one decision change as the signed-in person, in the case's scheme. */
function categorise(
  app: FastifyInstance,
  caseDir: string,
  person: Person,
  target: Pick<CategoriseInput, 'sha256s' | 'cluster'>,
  body: {
    category?: string | null | undefined;
    tags?: string[] | undefined;
    note?: string | null | undefined;
  },
) {
  const change: Change = {
    ...(body.category !== undefined ? { category: body.category } : {}),
    ...(body.tags !== undefined ? { tags: body.tags } : {}),
    ...(body.note !== undefined ? { note: body.note } : {}),
  };
  return writeCase(caseDir, person, async (ctx: CaseContext) =>
    categoriseMedia(ctx, {
      ...target,
      ...change,
      scheme: await listCategories(ctx, schemeInput(app)),
      now: app.vigie.now,
    }),
  );
}

/** Categories, people's decisions on media (one, bulk, cluster), supervisors' target decisions; and wellness. */
export function triageRoutes(app: FastifyInstance): void {
  wellnessRoutes(app);
  defineRoute(app, categoriesRoute, async ({ caseDir }) =>
    readCase(caseDir, (ctx) => listCategories(ctx, schemeInput(app))),
  );
  defineRoute(app, decideRoute, async ({ person, caseDir, params, body }) =>
    categorise(app, caseDir, person, { sha256s: [params.sha256] }, body),
  );
  defineRoute(app, bulkRoute, async ({ person, caseDir, body }) =>
    categorise(app, caseDir, person, { sha256s: body.sha256s }, body),
  );
  defineRoute(app, clusterRoute, async ({ person, caseDir, params, body }) =>
    categorise(app, caseDir, person, { cluster: params.cluster }, body),
  );
  defineRoute(app, targetRoute, async ({ person, caseDir, params, body }) =>
    writeCase(caseDir, person, (ctx) =>
      decideTarget(ctx, { actor: params.actor, decision: body.decision, reason: body.reason }),
    ),
  );
}
