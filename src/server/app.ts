import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { ROUTES } from '../contracts/index.js';
import { openApiDocument } from '../contracts/openapi.js';
import { AppError } from '../domain/errors.js';
import { VIGIE_VERSION } from '../domain/version.js';
import { openPeople } from '../app/users-store.js';
import { readSchemeFile } from '../app/list-categories.js';
import { DEFAULT_SESSION, type SessionPolicy } from '../app/users-session.js';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from '../app/users-sign-in.js';
import type { ServerContext } from './context.js';
import { sendError } from './errors.js';
import { closeReadCases } from './case-access.js';
import { checkOrigin, securityHeaders } from './security.js';
import { ROUTE_MODULES } from './routes/index.js';

/** Options of the workbench server. */
export interface ServerOptions {
  /** The folder of case folders (and of the people: server.sqlite, or server.json naming PostgreSQL). */
  readonly casesDir: string;
  /** The folder import jobs read from (default `casesDir/intake`). */
  readonly intakeDir?: string;
  /** The built web app (index.html + assets); not served when absent. */
  readonly webDir?: string;
  /** Served over TLS: Secure cookies, https origin. */
  readonly secure?: boolean;
  /** The clock (epoch ms), injectable for tests. */
  readonly now?: () => number;
  readonly session?: Partial<SessionPolicy>;
  readonly throttle?: Partial<ThrottlePolicy>;
  /** Check JSON answers against their contracts (default: on). */
  readonly validateResponses?: boolean;
  /** Origins accepted on non-GET requests besides the server's own. */
  readonly origins?: readonly string[];
  /** Fastify's https options (key and cert). */
  readonly https?: { key: Buffer; cert: Buffer };
  /** The category scheme file of cases without their own `categories.json` (checked at start). */
  readonly categories?: string;
  /** The unit key (name, or a .key file) that signs referral packages built in the workbench. */
  readonly signingKey?: string;
}

/** Build the workbench server without listening (tests use `app.inject()`); `vigie serve` listens on it. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const casesDir = resolve(opts.casesDir);
  const categoriesFile = opts.categories ? resolve(opts.categories) : null;
  if (categoriesFile) readSchemeFile(categoriesFile);
  const people = await openPeople(casesDir, { create: true });
  // Errors the router raises before any hook (a malformed %-escape, an over-long parameter) get the JSON shape too.
  const frameworkErrors = (e: Error, req: FastifyRequest, reply: FastifyReply): void => {
    securityHeaders(req, reply);
    void sendError(reply, e);
  };
  const app = (
    opts.https
      ? Fastify({ https: opts.https, logger: false, frameworkErrors })
      : Fastify({ logger: false, frameworkErrors })
  ) as FastifyInstance;
  const ctx: ServerContext = {
    casesDir,
    intakeDir: resolve(opts.intakeDir ?? join(casesDir, 'intake')),
    people,
    now: opts.now ?? Date.now,
    secure: opts.secure ?? opts.https !== undefined,
    session: { ...DEFAULT_SESSION, ...opts.session },
    throttle: { ...DEFAULT_THROTTLE, ...opts.throttle },
    validateResponses: opts.validateResponses ?? true,
    origins: opts.origins ?? [],
    categoriesFile,
    signingKey: opts.signingKey ?? null,
  };
  app.decorate('vigie', ctx);
  app.addHook('onClose', async () => {
    await closeReadCases();
    await people.close();
  });
  await app.register(cookie);
  app.addHook('onRequest', async (req, reply) => {
    securityHeaders(req, reply);
    checkOrigin(req, ctx.secure, ctx.origins);
  });
  app.setErrorHandler((e, _req, reply) => sendError(reply, e));
  const doc = openApiDocument(ROUTES, VIGIE_VERSION);
  app.get('/api/v1/openapi.json', async () => doc);
  for (const register of ROUTE_MODULES) register(app);
  const web = opts.webDir ? resolve(opts.webDir) : null;
  const spa = web !== null && existsSync(join(web, 'index.html'));
  if (spa) await app.register(fastifyStatic, { root: web, wildcard: true, index: 'index.html' });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (spa && req.method === 'GET' && !path.startsWith('/api/'))
      return reply.type('text/html').sendFile('index.html');
    return sendError(reply, new AppError('NOT_FOUND', `${req.method} ${path}: no such route`));
  });
  return app;
}
