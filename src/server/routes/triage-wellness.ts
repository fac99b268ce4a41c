import type { FastifyInstance } from 'fastify';
import { TRIAGE_ROUTES } from '../../contracts/triage.js';
import { mediaThumbnail } from '../../app/media-thumbnail.js';
import { revealMedia } from '../../app/reveal-media.js';
import { revealMediaOriginal } from '../../app/reveal-media-original.js';
import { revealMediaCounts } from '../../app/reveal-media-counts.js';
import { defineRoute } from '../route.js';
import { readCase, writeCase } from '../case-access.js';
import { RevealTokens } from './triage-reveal-tokens.js';

const [thumbnailRoute, revealRoute, originalRoute, countsRoute] = TRIAGE_ROUTES;

/** Wellness: blurred greyscale thumbnails, audited reveals with single-use URLs, today's reveal counts. */
export function wellnessRoutes(app: FastifyInstance): void {
  const tokens = new RevealTokens(app.vigie.now);
  const now = app.vigie.now;
  defineRoute(app, thumbnailRoute, async ({ caseDir, params, reply }) => {
    const t = await readCase(caseDir, (ctx) => mediaThumbnail(ctx, { sha256: params.sha256 }));
    void reply.header('cache-control', 'private, max-age=3600').type(t.contentType);
    return t.bytes;
  });
  defineRoute(app, revealRoute, async ({ person, caseDir, params, body, reply }) => {
    const r = await writeCase(caseDir, person, (ctx) =>
      revealMedia(ctx, { sha256: params.sha256, reason: body.reason, now }),
    );
    const { token, expires } = tokens.issue({ person: person.name, caseDir, sha256: r.sha256 });
    void reply.header('cache-control', 'no-store');
    return {
      url: `/api/v1/cases/${encodeURIComponent(params.case)}/media/${r.sha256}/original?token=${token}`,
      expiresAt: new Date(expires).toISOString(),
      auditSeq: r.auditSeq,
    };
  });
  defineRoute(app, originalRoute, async ({ person, caseDir, params, query, reply }) => {
    tokens.use(query.token, { person: person.name, caseDir, sha256: params.sha256 });
    const o = await readCase(caseDir, (ctx) => revealMediaOriginal(ctx, { sha256: params.sha256 }));
    void reply
      .header('cache-control', 'no-store')
      .header('content-disposition', 'inline')
      .type(o.contentType);
    return o.bytes;
  });
  defineRoute(app, countsRoute, async ({ person, caseDir }) =>
    readCase(caseDir, (ctx) =>
      revealMediaCounts(ctx, { person: person.name, everyone: person.role === 'supervisor', now }),
    ),
  );
}
