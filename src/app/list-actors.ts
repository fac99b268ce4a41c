import type { CaseContext } from './context.js';
import { requireAnalysis } from './require-analysis.js';
import type { ActorProfileRow } from '../store/analysis.js';

/** An actor as `vigie actors --json` and `vigie actor ID --json` show it (field contract in docs/analysis.md). */
export interface ActorItem {
  id: string;
  names: string[];
  chats: string[];
  messages: number;
  newClustersOriginated: number;
  community: number | null;
  pagerank: number | null;
  betweenness: number | null;
  /** Country attribution from the attribution stage ; null when none was computed. */
  attribution: unknown;
  [field: string]: unknown;
}

/** Turn a stored profile row into the public actor item. */
export function actorItem(row: ActorProfileRow, opts: { full: boolean; attribution?: unknown }): ActorItem {
  const p = (row.profile ?? {}) as Record<string, unknown>;
  const { aliases, hourly, newClusters, ...rest } = p;
  return {
    ...(opts.full ? p : rest),
    id: row.actorId,
    names: (p['names'] as string[] | undefined) ?? [],
    chats: (p['chats'] as string[] | undefined) ?? [],
    messages: row.messages,
    newClustersOriginated: row.newClustersOriginated,
    community: row.community,
    pagerank: row.pagerank,
    betweenness: row.betweenness,
    attribution: opts.attribution ?? null,
    ...(opts.full ? { aliases, hourly, newClusters } : {}),
  };
}

/** Every analysed actor (by platform id), or a page (after an id, at most `limit`), without the bulky alias history and histogram. */
export async function listActors(
  deps: Pick<CaseContext, 'store'>,
  page?: { after?: string; limit?: number },
): Promise<ActorItem[]> {
  const { profiles, attributions } = await deps.store.transaction(
    async (tx) => {
      const profiles = await tx.analysis.profiles(page);
      const ids = page ? profiles.map((p) => p.actorId) : undefined;
      return { profiles, attributions: await tx.triage.attributions(ids) };
    },
    { readonly: true },
  );
  if (profiles.length === 0 && !page?.after) await requireAnalysis(deps.store);
  return profiles.map((r) => actorItem(r, { full: false, attribution: attributions.get(r.actorId) }));
}
