import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteContract } from '../contracts/route.js';
import { AppError } from '../domain/errors.js';
import { resolveSession, type LiveSession } from '../app/users-session.js';
import { SESSION_COOKIE, type Person } from './context.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route handler receives: the checked person and case, and the validated params, query and body. */
export interface HandlerArgs<C extends RouteContract> {
  /** The signed-in person (null only on public routes). */
  readonly person: C['roles'] extends 'public' ? Person | null : Person;
  /** The case folder (`CASES_DIR/{case}`) of case-scoped routes, granted and existing; '' otherwise. */
  readonly caseDir: string;
  readonly params: Parsed<C['params']>;
  readonly query: Parsed<C['query']>;
  readonly body: Parsed<C['body']>;
  readonly session: LiveSession | null;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
}

/** What a handler returns: the JSON body (checked against the contract in tests), or for bytes/events the reply. */
export type HandlerResult<C extends RouteContract> = C['response'] extends z.ZodType
  ? z.input<C['response']>
  : unknown;

const sessions = new WeakMap<FastifyRequest, LiveSession | null>();

/** The live session of a request (resolved once per request), or null. */
export async function sessionOf(app: FastifyInstance, req: FastifyRequest): Promise<LiveSession | null> {
  if (sessions.has(req)) return sessions.get(req) ?? null;
  const id = req.cookies[SESSION_COOKIE];
  const live =
    id && id.length <= 128
      ? await resolveSession(
          { people: app.vigie.people, now: app.vigie.now },
          { sessionId: id },
          app.vigie.session,
        )
      : null;
  sessions.set(req, live);
  return live;
}

/** Validate one part of the request with its schema: USAGE naming the field otherwise. */
function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string): Parsed<S> {
  if (!schema) return undefined as Parsed<S>;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (r.success) return r.data as Parsed<S>;
  const issue = r.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : where;
  throw new AppError('USAGE', `${where} ${field}: ${issue?.message ?? 'invalid'}`);
}

/** `{name}` → `:name` for Fastify. */
function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** The case folder of a case-scoped request: 403 when not granted, 404 when granted but gone. */
function grantedCase(app: FastifyInstance, live: LiveSession, name: unknown): string {
  if (typeof name !== 'string' || !live.cases.includes(name))
    throw new AppError('FORBIDDEN', `case '${String(name)}': not granted to ${live.person.name}`);
  const dir = join(app.vigie.casesDir, name);
  if (!existsSync(join(dir, 'case.json')))
    throw new AppError('CASE_NOT_FOUND', `case '${name}': no such case folder under the cases folder`);
  return dir;
}

/**
 * Register an API route from its contract — the only way to add one: session (401), role (403), case grant
 * (403/404), params/query/body validation (400 naming the field), then the handler; JSON answers are checked
 * against the contract when the server validates responses.
 */
export function defineRoute<C extends RouteContract>(
  app: FastifyInstance,
  contract: C,
  handler: (a: HandlerArgs<C>) => Promise<HandlerResult<C>>,
): void {
  app.route({
    method: contract.method,
    url: fastifyPath(contract.path),
    handler: async (req, reply) => {
      let live: LiveSession | null = null;
      if (contract.roles !== 'public') {
        live = await sessionOf(app, req);
        if (!live)
          throw new AppError('UNAUTHENTICATED', `${contract.path}: sign in first (POST /api/v1/session)`);
        if (contract.roles !== 'signed-in' && !contract.roles.includes(live.person.role))
          throw new AppError(
            'FORBIDDEN',
            `${contract.method} ${contract.path}: the role ${live.person.role} may not (${contract.roles.join(', ')} only)`,
          );
      }
      const caseDir =
        contract.caseScoped && live
          ? grantedCase(app, live, (req.params as Record<string, unknown>)['case'])
          : '';
      const args = {
        person: live?.person ?? null,
        caseDir,
        params: parse(contract.params, req.params, 'path'),
        query: parse(contract.query, req.query, 'query'),
        body: parse(contract.body, req.body, 'body'),
        session: live,
        req,
        reply,
      } as HandlerArgs<C>;
      const result = await handler(args);
      if (typeof contract.response !== 'string' && app.vigie.validateResponses) {
        const r = contract.response.safeParse(result);
        if (!r.success)
          throw new Error(
            `${contract.id}: answer does not match its contract at ${r.error.issues[0]?.path.join('.') ?? '?'}: ${r.error.issues[0]?.message ?? ''}`,
          );
      }
      return result;
    },
  });
}
