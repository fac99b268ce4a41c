import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

/** Headers on every answer: same-origin only, no framing, no sniffing, no caching of API answers. */
export function securityHeaders(req: FastifyRequest, reply: FastifyReply): void {
  void reply.headers({
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  });
  if (req.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin (`scheme://host[:port]`, default port dropped) of a URL, or null (also for `null` origins). */
function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

/**
 * CSRF defence beside SameSite=Strict: every request but GET/HEAD/OPTIONS must carry an Origin (or, without one, a
 * Referer) equal to the server's own origin (the Host it was reached at) or one of the configured origins.
 */
export function checkOrigin(req: FastifyRequest, secure: boolean, extra: readonly string[]): void {
  if (SAFE.has(req.method)) return;
  const header = req.headers.origin;
  const origin = header !== undefined ? originOf(header) : originOf(req.headers.referer);
  const own = originOf(`${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`) ?? '';
  if (origin === own || (origin !== null && extra.includes(origin))) return;
  throw new AppError(
    'FORBIDDEN',
    `${req.method} ${req.url.split('?')[0] ?? ''}: origin ${header ?? origin ?? '(none)'} is not this server's (${own}); send the Origin header`,
  );
}
