// The cluster facts `vigie media` shows per media (written by analyse; read here for the media listing).
import type { ClusterInfo } from './analysis.js';
import type { StoreQ } from './port.js';

/** Cluster facts per media sha256 (all media, or only those given); media not analysed yet are absent. */
export async function mediaClusterInfo(
  q: StoreQ,
  sha256s?: readonly string[],
): Promise<Map<string, ClusterInfo>> {
  const query = q.db
    .selectFrom('cluster_member as cm')
    .innerJoin('cluster as c', 'c.id', 'cm.cluster_id')
    .select([
      'cm.sha256',
      'cm.cluster_id',
      'c.status',
      'c.first_seen',
      'c.first_chat_id',
      'c.first_message_id',
      'c.originator_id',
    ]);
  const rows = [];
  if (sha256s === undefined) rows.push(...(await query.execute()));
  else
    for (let i = 0; i < sha256s.length; i += 500)
      rows.push(...(await query.where('cm.sha256', 'in', sha256s.slice(i, i + 500)).execute()));
  return new Map(
    rows.map((r) => [
      r.sha256,
      {
        cluster: r.cluster_id,
        clusterStatus: r.status,
        firstSeen: r.first_seen === null ? null : new Date(r.first_seen).toISOString(),
        originator: r.originator_id,
        firstMessage:
          r.first_chat_id === null || r.first_message_id === null
            ? null
            : { chat: r.first_chat_id, message: r.first_message_id },
      },
    ]),
  );
}
