import type { CaseContext } from './context.js';
import { requireAnalysis } from './require-analysis.js';
import type { ActorProfileRow } from '../store/analysis.js';
import { ownAccountIds } from './own-account-ids.js';

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
  /** One of the case's own (collecting, undercover) accounts: never a target (issue 19). */
  undercover: boolean;
  [field: string]: unknown;
}

/** Turn a stored profile row into the public actor item. */
export function actorItem(
  row: ActorProfileRow,
  opts: { full: boolean; attribution?: unknown; undercover: boolean },
): ActorItem {
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
    undercover: opts.undercover,
    ...(opts.full ? { aliases, hourly, newClusters } : {}),
  };
}

/** Every analysed actor (by platform id; or those whose id or a name contains `search`), or a page (after an id, at most `limit`), without the bulky alias history and histogram. */
export async function listActors(
  deps: Pick<CaseContext, 'store'>,
  page?: { after?: string; limit?: number; search?: string },
): Promise<ActorItem[]> {
  const { profiles, attributions, own } = await deps.store.transaction(
    async (tx) => {
      const profiles = await tx.analysis.profiles(page);
      const ids = page && profiles.length <= 2000 ? profiles.map((p) => p.actorId) : undefined;
      return { profiles, attributions: await tx.triage.attributions(ids), own: await ownAccountIds(tx) };
    },
    { readonly: true },
  );
  if (profiles.length === 0 && !page?.after) await requireAnalysis(deps.store);
  return profiles.map((r) =>
    actorItem(r, { full: false, attribution: attributions.get(r.actorId), undercover: own.has(r.actorId) }),
  );
}
