import type { z } from 'zod';
import type { Role } from './common.js';

/** HTTP methods the API uses. */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One API route, described once: the server registers it with `defineRoute`, the OpenAPI document lists it. */
export interface RouteContract {
  /** Stable operation id, e.g. `media.list`. */
  readonly id: string;
  readonly method: Method;
  /** OpenAPI-style path: `/api/v1/cases/{case}/media/{sha256}`. */
  readonly path: string;
  readonly summary: string;
  /** Who may call it: roles, anyone signed in, or anyone (sign-in and the OpenAPI document only). */
  readonly roles: readonly Role[] | 'public' | 'signed-in';
  /** True when the path has `{case}` and the person must be granted that case. */
  readonly caseScoped: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The 200 JSON body's schema; `bytes` for files, `event-stream` for server-sent events. */
  readonly response: z.ZodType | 'bytes' | 'event-stream';
  /** True when a call appends an audit event to the case (or the server's log). */
  readonly audited?: boolean;
}

/** Fill `{name}` placeholders of a contract's path (for the web app's fetch calls). */
export function pathOf(
  contract: Pick<RouteContract, 'path'>,
  params: Record<string, string | number>,
): string {
  return contract.path.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = params[k];
    if (v === undefined) throw new Error(`${contract.path}: missing parameter ${k}`);
    return encodeURIComponent(String(v));
  });
}
