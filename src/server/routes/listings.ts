import type { FastifyInstance } from 'fastify';
import { LISTING_ROUTES, UNCATEGORISED } from '../../contracts/listings.js';
import { listMedia } from '../../app/list-media.js';
import { showMedia } from '../../app/show-media.js';
import { listActors } from '../../app/list-actors.js';
import { showActor } from '../../app/show-actor.js';
import { listTargets } from '../../app/list-targets.js';
import { listChats } from '../../app/list-chats.js';
import { listHashListsUseCase } from '../../app/list-hashlists.js';
import { listAudit } from '../../app/list-audit.js';
import { clusterKey, listClusters } from '../../app/list-clusters.js';
import { decodeCursor, pageOf } from '../../app/list-page.js';
import { defineRoute } from '../route.js';
import { readCase } from '../case-access.js';

const [media, mediaOne, actors, actorOne, targets, chats, hashlists, audit, clusters] = LISTING_ROUTES;

/** The case listings (twins of the CLI's --json listings), each page fetched as `limit + 1` after the cursor. */
export function listingRoutes(app: FastifyInstance): void {
  defineRoute(app, media, async ({ caseDir, query }) => {
    const after = decodeCursor(query.cursor, ['string'])?.[0];
    const { status, category, chat, actor, from, to } = query;
    const items = await readCase(caseDir, (ctx) =>
      listMedia(ctx, {
        ...(status ? { statuses: [status] } : {}),
        ...(category !== undefined ? { category: category === UNCATEGORISED ? null : category } : {}),
        ...(chat !== undefined ? { chat } : {}),
        ...(actor !== undefined ? { actor } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(after !== undefined ? { after } : {}),
        limit: query.limit + 1,
      }),
    );
    return pageOf(items, query.limit, (m) => [m.sha256]);
  });
  defineRoute(app, mediaOne, async ({ caseDir, params }) =>
    readCase(caseDir, (ctx) => showMedia(ctx, { sha256: params.sha256 })),
  );
  defineRoute(app, actors, async ({ caseDir, query }) => {
    const after = decodeCursor(query.cursor, ['string'])?.[0];
    const items = await readCase(caseDir, (ctx) =>
      listActors(ctx, {
        ...(after !== undefined ? { after } : {}),
        ...(query.search !== undefined ? { search: query.search } : {}),
        limit: query.limit + 1,
      }),
    );
    return pageOf(items, query.limit, (a) => [a.id]);
  });
  defineRoute(app, actorOne, async ({ caseDir, params }) =>
    readCase(caseDir, (ctx) => showActor(ctx, params)),
  );
  defineRoute(app, targets, async ({ caseDir, query }) => {
    const key = decodeCursor(query.cursor, ['number', 'string']);
    const items = await readCase(caseDir, (ctx) =>
      listTargets(ctx, {
        ...(key ? { after: { rank: key[0], actor: key[1] } } : {}),
        limit: query.limit + 1,
      }),
    );
    return pageOf(items, query.limit, (t) => [t.rank, t.actor]);
  });
  defineRoute(app, chats, async ({ caseDir, query }) => {
    const after = decodeCursor(query.cursor, ['string'])?.[0];
    const all = await readCase(caseDir, (ctx) => listChats(ctx));
    const from = after === undefined ? all : all.filter((c) => c.id > after);
    return pageOf(from.slice(0, query.limit + 1), query.limit, (c) => [c.id]);
  });
  defineRoute(app, hashlists, async ({ caseDir }) => readCase(caseDir, (ctx) => listHashListsUseCase(ctx)));
  defineRoute(app, audit, async ({ caseDir, query }) => {
    const after = decodeCursor(query.cursor, ['number'])?.[0];
    const items = await readCase(caseDir, (ctx) =>
      listAudit(ctx, {
        ...(after !== undefined ? { after } : {}),
        ...(query.user !== undefined ? { user: query.user } : {}),
        ...(query.command !== undefined ? { command: query.command } : {}),
        ...(query.subject !== undefined ? { subject: query.subject } : {}),
        limit: query.limit + 1,
      }),
    );
    return pageOf(items, query.limit, (e) => [e.seq]);
  });
  defineRoute(app, clusters, async ({ caseDir, query }) => {
    const after = decodeCursor(query.cursor, ['number', 'number', 'string']);
    const items = await readCase(caseDir, (ctx) =>
      listClusters(ctx, { status: query.status, ...(after ? { after } : {}), limit: query.limit + 1 }),
    );
    return pageOf(items, query.limit, clusterKey);
  });
}
