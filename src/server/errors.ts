import type { FastifyReply } from 'fastify';
import { AppError, ERROR_CODES } from '../domain/errors.js';
import { asAppError } from '../app/faults.js';

/** The HTTP status of an error code: the one table, `ERROR_CODES` in src/domain/errors.ts. */
export function httpStatus(code: keyof typeof ERROR_CODES): number {
  return ERROR_CODES[code].http;
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large) as USAGE with their status. */
function fastifyClientError(e: unknown): { status: number; message: string } | null {
  const x = e as { statusCode?: unknown; message?: unknown };
  if (
    typeof x.statusCode === 'number' &&
    x.statusCode >= 400 &&
    x.statusCode < 500 &&
    typeof x.message === 'string'
  )
    return { status: x.statusCode, message: x.message };
  return null;
}

/** Send any error as `{error:{code,message}}` with its status (never a stack; INTERNAL ones are logged to stderr). */
export function sendError(reply: FastifyReply, e: unknown): FastifyReply {
  const app = asAppError(e);
  if (app) {
    const retry = app.details?.['retryAfter'];
    if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    return reply.code(httpStatus(app.code)).send({ error: { code: app.code, message: app.message } });
  }
  const client = fastifyClientError(e);
  if (client) return reply.code(client.status).send({ error: { code: 'USAGE', message: client.message } });
  process.stderr.write(`INTERNAL: ${(e as Error).stack ?? String(e)}\n`);
  return reply
    .code(500)
    .send({ error: { code: 'INTERNAL', message: 'internal error (see the server log)' } });
}

/** Throw FORBIDDEN. */
export function forbidden(message: string): never {
  throw new AppError('FORBIDDEN', message);
}
