import * as z from 'zod';
import { ErrorBody } from './common.js';
import type { RouteContract } from './route.js';

/** A JSON value of the OpenAPI document. */
type Json = Record<string, unknown>;

function schema(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function parameters(r: RouteContract): Json[] {
  const out: Json[] = [];
  for (const [where, obj] of [
    ['path', r.params],
    ['query', r.query],
  ] as const) {
    if (!obj) continue;
    for (const [name, field] of Object.entries(obj.shape as Record<string, z.ZodType>)) {
      out.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        schema: schema(field, 'input'),
      });
    }
  }
  return out;
}

function okResponse(r: RouteContract): Json {
  if (r.response === 'bytes')
    return {
      description: 'The bytes',
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    };
  if (r.response === 'event-stream')
    return {
      description: 'Server-sent events',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    };
  return { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } };
}

const error = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

function operation(r: RouteContract): Json {
  const responses: Json = { '200': okResponse(r), '400': error('Invalid request (USAGE)') };
  if (r.roles !== 'public') {
    responses['401'] = error('Not signed in (UNAUTHENTICATED)');
    responses['403'] = error('Role not allowed, case not granted or bad Origin (FORBIDDEN)');
  }
  if (r.caseScoped) responses['404'] = error('No such case or item (CASE_NOT_FOUND, NOT_FOUND)');
  if (r.id === 'session.signIn') responses['429'] = error('Too many failed attempts (THROTTLED)');
  return {
    operationId: r.id,
    summary: r.summary,
    tags: [r.id.split('.')[0]],
    ...(r.roles === 'public' ? { security: [] } : {}),
    'x-vigie-roles': r.roles,
    'x-vigie-case-scoped': r.caseScoped,
    ...(r.audited ? { 'x-vigie-audited': true } : {}),
    parameters: parameters(r),
    ...(r.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schema(r.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the API, built from the route contracts (the same zod schemas that validate). */
export function openApiDocument(routes: readonly RouteContract[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigie workbench API',
      version,
      description:
        'Sign in with POST /api/v1/session; the session cookie is httpOnly and SameSite=Strict. Every request but GET must carry an Origin (or Referer) equal to the server’s own origin.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vigie_session' } },
      schemas: { ErrorBody: schema(ErrorBody, 'output') },
    },
    security: [{ session: [] }],
    paths,
  };
}
