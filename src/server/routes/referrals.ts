import { randomBytes } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { REFERRAL_ROUTES } from '../../contracts/referrals.js';
import { listReferrals } from '../../app/list-referrals.js';
import { AppError } from '../../domain/errors.js';
import { defineRoute } from '../route.js';
import { readCase, writeCase } from '../case-access.js';

/** How long a package's download URL works, in milliseconds. */
export const DOWNLOAD_TTL_MS = 10 * 60_000;

/** A built package waiting for its one download. */
interface Pending {
  readonly person: string;
  readonly caseDir: string;
  readonly packageId: string;
  readonly file: string;
  readonly folder: string;
  readonly fileName: string;
  readonly expires: number;
}

const [listRoute, buildRoute, downloadRoute] = REFERRAL_ROUTES;

/**
 * Referral packages (issue 16): the list, a build with the use case of `vigie refer` signed with the server's
 * `--signing-key`, zipped in a private temporary folder and downloadable once by its builder (tokens in memory;
 * a package not fetched within 10 minutes is deleted; the case keeps the record and audit event either way).
 */
export function referralRoutes(app: FastifyInstance): void {
  const pending = new Map<string, Pending>();
  const now = app.vigie.now;
  const forget = (token: string, p: Pending) => {
    pending.delete(token);
    rmSync(p.folder, { recursive: true, force: true });
  };
  app.addHook('onClose', async () => {
    for (const [k, p] of pending) forget(k, p);
  });
  defineRoute(app, listRoute, async ({ caseDir }) => readCase(caseDir, (ctx) => listReferrals(ctx)));
  defineRoute(app, buildRoute, async ({ person, caseDir, params, body, reply }) => {
    const key = app.vigie.signingKey;
    if (!key)
      throw new AppError(
        'KEY_NOT_FOUND',
        "this server signs no referral package: start it with 'vigie serve --signing-key NAME' (a key of 'vigie keys create --name UNIT')",
      );
    const reason = body.reason?.trim() ?? '';
    if (body.includeMedia && person.role !== 'supervisor')
      throw new AppError('FORBIDDEN', 'includeMedia: only a supervisor may put media files in a package');
    if (body.includeMedia && !reason)
      throw new AppError('USAGE', 'body reason: a package with media files needs a reason (audited)');
    // Loaded on first use: the package builders (SHACL, PDF) would slow every server start by a second.
    const { buildReferralZip } = await import('../../app/refer-zip.js');
    const z = await writeCase(caseDir, person, (ctx) =>
      buildReferralZip(
        ctx,
        {
          actors: body.actors,
          country: body.to,
          ...(body.lang?.length ? { languages: body.lang } : {}),
          includeMedia: body.includeMedia === true,
          ...(reason ? { reason } : {}),
        },
        { ...process.env, VIGIE_KEY: key },
      ),
    );
    const t = now();
    for (const [k, p] of pending) if (p.expires <= t) forget(k, p);
    const token = randomBytes(32).toString('base64url');
    const expires = t + DOWNLOAD_TTL_MS;
    const r = z.result;
    pending.set(token, { person: person.name, caseDir, packageId: r.packageId, ...z, expires });
    void reply.header('cache-control', 'no-store');
    return {
      packageId: r.packageId,
      country: r.country,
      actors: r.actors,
      files: r.files,
      bytes: r.bytes,
      tagManifestSha256: r.tagManifestSha256,
      signer: r.signer,
      auditSeq: r.auditSeq,
      download: {
        url: `/api/v1/cases/${encodeURIComponent(params.case)}/referrals/${encodeURIComponent(r.packageId)}/zip?token=${token}`,
        fileName: z.fileName,
        size: z.size,
        expiresAt: new Date(expires).toISOString(),
      },
    };
  });
  defineRoute(app, downloadRoute, async ({ person, caseDir, params, query, reply }) => {
    const p = pending.get(query.token);
    if (!p || p.expires <= now()) {
      if (p) forget(query.token, p);
      throw new AppError(
        'FORBIDDEN',
        'package token: unknown, already used or expired; build the package again',
      );
    }
    if (p.person !== person.name || p.caseDir !== caseDir || p.packageId !== params.package)
      throw new AppError('FORBIDDEN', 'package token: issued to another person or for another package');
    pending.delete(query.token);
    const stream = createReadStream(p.file);
    stream.on('close', () => rmSync(p.folder, { recursive: true, force: true }));
    void reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${p.fileName}"`)
      .type('application/zip');
    return stream;
  });
}
