import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';

/** Shortest SHA-256 prefix accepted for a media (8 hex digits, as git shows commits). */
export const MIN_SHA256_PREFIX = 8;

/** The one id a prefix names, or a USAGE error listing the candidates (at most 10). */
function one(what: string, typed: string, candidates: readonly string[]): string | undefined {
  if (candidates.length <= 1) return candidates[0];
  const shown = candidates.slice(0, 10).join(', ');
  const more = candidates.length > 10 ? ` and ${candidates.length - 10} more` : '';
  throw new AppError('USAGE', `${what} ${typed}: ambiguous, ${candidates.length} match: ${shown}${more}`);
}

/**
 * The full SHA-256 of a media named by any unique prefix of at least 8 hex digits (a full one is returned as it is,
 * lower-cased). Ambiguous → USAGE listing the candidates; no media → NOT_FOUND.
 */
export async function resolveMediaPrefix(deps: Pick<CaseContext, 'store'>, typed: string): Promise<string> {
  const p = typed.toLowerCase();
  if (!/^[0-9a-f]+$/.test(p) || p.length < MIN_SHA256_PREFIX || p.length > 64)
    throw new AppError(
      'USAGE',
      `media ${typed}: expected a SHA-256 or its first ${MIN_SHA256_PREFIX}+ hex digits`,
    );
  if (p.length === 64) return p;
  const all = await deps.store.transaction((tx) => tx.media.listStatus(), { readonly: true });
  const found = one(
    'media',
    typed,
    all.map((m) => m.sha256).filter((s) => s.startsWith(p)),
  );
  if (!found) throw new AppError('NOT_FOUND', `media ${typed}: no media of this case starts with it`);
  return found;
}

/**
 * The actor an id names: the id itself, `telegram:ID` (`user123` for `telegram:user123`), else the one analysed actor
 * whose id (with or without `telegram:`) starts with it. Ambiguous → USAGE listing the candidates; nothing matching
 * → the id as typed (the use case then says NOT_FOUND or NOT_ANALYSED).
 */
export async function resolveActorPrefix(deps: Pick<CaseContext, 'store'>, typed: string): Promise<string> {
  return (await resolveActorPrefixes(deps, [typed]))[0]!;
}

/** `resolveActorPrefix` for several ids, the analysed actors read once. */
export async function resolveActorPrefixes(
  deps: Pick<CaseContext, 'store'>,
  typed: readonly string[],
): Promise<string[]> {
  const ids = await deps.store.transaction(
    async (tx) => (await tx.analysis.profiles()).map((p) => p.actorId),
    { readonly: true },
  );
  const known = new Set(ids);
  const bare = (id: string): string => id.replace(/^telegram:/, '');
  return typed.map((t) => {
    for (const exact of [t, `telegram:${t}`]) if (known.has(exact)) return exact;
    return (
      one(
        'actor',
        t,
        ids.filter((id) => id.startsWith(t) || bare(id).startsWith(t)),
      ) ?? t
    );
  });
}
