import type { CaseContext } from './context.js';
import type { MediaStatus } from './list-media.js';
import { NO_TIME, type ClusterKey, type ClusterPageRow } from '../store/cluster-listing.js';
import { isOwn, ownAccountIds } from './own-account-ids.js';

/** One cluster of `vigie clusters --json` (new content): who posted it first, where, and how far it spread. */
export interface ClusterItem {
  /** Stable cluster id (`c-` and 16 hex digits of its smallest member). */
  readonly id: string;
  /** The cluster's status at the last `vigie analyse` (the strongest of its members'). */
  readonly status: string;
  /** Number of media files (distinct SHA-256) in the cluster. */
  readonly media: number;
  /** Occurrences of its media, distinct chats they reached, distinct posters (originator included). */
  readonly spread: { occurrences: number; chats: number; posters: number };
  /** Platform id of the first poster. */
  readonly originator: string | null;
  /** ISO-8601 UTC time of the first occurrence. */
  readonly firstSeen: string | null;
  /** Platform chat id and message id of the first occurrence. */
  readonly firstMessage: { chat: string; message: number } | null;
  /** Up to four member SHA-256s for thumbnails: the first posted file first, then by SHA-256. */
  readonly sample: string[];
  /** The first poster is one of the case's own (undercover) accounts (issue 19). */
  readonly originatorUndercover: boolean;
}

/** The sort key of a cluster (what a page cursor holds): occurrences, first seen (epoch ms), id. */
export function clusterKey(c: ClusterItem): [number, number, string] {
  return [c.spread.occurrences, c.firstSeen === null ? NO_TIME : Date.parse(c.firstSeen), c.id];
}

function itemOf(r: ClusterPageRow, own: ReadonlySet<string>): ClusterItem {
  return {
    id: r.id,
    status: r.status,
    media: r.members,
    spread: { occurrences: r.occurrences, chats: r.chats, posters: r.posters },
    originator: r.originatorId,
    firstSeen: r.firstSeen === null ? null : new Date(r.firstSeen).toISOString(),
    firstMessage:
      r.firstChatId === null || r.firstMessageId === null
        ? null
        : { chat: r.firstChatId, message: r.firstMessageId },
    sample: r.sample,
    originatorUndercover: isOwn(own, r.originatorId),
  };
}

/** Clusters of one status (default new) from the last `vigie analyse`, most spread first (then first seen, then id); whole or a page after a key. */
export async function listClusters(
  deps: Pick<CaseContext, 'store'>,
  input: { status?: MediaStatus; after?: readonly [number, number, string]; limit?: number } = {},
): Promise<ClusterItem[]> {
  const after: ClusterKey | undefined = input.after && {
    occurrences: input.after[0],
    firstSeen: input.after[1],
    id: input.after[2],
  };
  const rows = await deps.store.analysis.clusterPage({
    status: input.status ?? 'new',
    ...(after ? { after } : {}),
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
  });
  const own = await ownAccountIds(deps.store);
  return rows.map((r) => itemOf(r, own));
}
