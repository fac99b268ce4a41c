// The clusters listing (new content): clusters of one status with their spread, most spread first, a page at a time.
import { sql } from 'kysely';
import type { StoreQ } from './port.js';

/** The sort key of a cluster whose first occurrence has no time (sorted after every timed one). */
export const NO_TIME = Number.MAX_SAFE_INTEGER;

/** Where a clusters page starts: after this cluster's sort key (occurrences desc, first seen asc, id asc). */
export interface ClusterKey {
  readonly occurrences: number;
  /** Epoch ms of the first occurrence, NO_TIME when unknown. */
  readonly firstSeen: number;
  readonly id: string;
}

/** One cluster of the listing, as stored by the last `vigie analyse`, with a few member SHA-256s. */
export interface ClusterPageRow {
  readonly id: string;
  readonly status: string;
  readonly members: number;
  readonly occurrences: number;
  readonly chats: number;
  /** Distinct posters: the originator (when known) and every other poster. */
  readonly posters: number;
  readonly firstSeen: number | null;
  readonly firstChatId: string | null;
  readonly firstMessageId: number | null;
  readonly originatorId: string | null;
  /** Up to `sample` member SHA-256s: the first posted file first, then by SHA-256. */
  readonly sample: string[];
}

/** Rows per `IN (…)` chunk. */
const CHUNK = 500;

/**
 * Clusters of one status (analysis' clusters: grouped in the store by `vigie analyse`), sorted by spread —
 * occurrences desc — then first seen (unknown last), then id; a page after `after`, at most `limit`.
 */
export async function listClusterPage(
  q: StoreQ,
  opts: { status: string; after?: ClusterKey; limit?: number; sample?: number },
): Promise<ClusterPageRow[]> {
  const firstSeen = sql<number>`coalesce(c.first_seen, ${sql.lit(NO_TIME)})`;
  const a = opts.after;
  const rows = await q.db
    .selectFrom('cluster as c')
    .select([
      'c.id',
      'c.status',
      'c.members',
      'c.occurrences',
      'c.chats_reached',
      'c.reposters',
      'c.first_seen',
      'c.first_chat_id',
      'c.first_message_id',
      'c.first_sha256',
      'c.originator_id',
    ])
    // `status || ''`: read the table through rather than look up each row from the status index (SQLite), the
    // cheaper way when a status holds a large part of the clusters (new: half at article scale, 7,707 rows).
    .where(sql<string>`${sql.ref('c.status')} || ''`, '=', opts.status)
    .$if(a !== undefined, (w) =>
      w.where((eb) =>
        eb.or([
          eb('c.occurrences', '<', a!.occurrences),
          eb.and([
            eb('c.occurrences', '=', a!.occurrences),
            eb.or([
              eb(firstSeen, '>', a!.firstSeen),
              eb.and([eb(firstSeen, '=', a!.firstSeen), eb('c.id', '>', a!.id)]),
            ]),
          ]),
        ]),
      ),
    )
    .orderBy('c.occurrences', 'desc')
    .orderBy(firstSeen)
    .orderBy('c.id')
    .$if(opts.limit !== undefined, (w) => w.limit(opts.limit!))
    .execute();
  const samples = await membersOf(
    q,
    rows.map((r) => r.id),
  );
  const size = opts.sample ?? 4;
  return rows.map((r) => {
    const all = samples.get(r.id) ?? [];
    const first = r.first_sha256 !== null && all.includes(r.first_sha256) ? [r.first_sha256] : [];
    return {
      id: r.id,
      status: r.status,
      members: Number(r.members),
      occurrences: Number(r.occurrences),
      chats: Number(r.chats_reached),
      posters: Number(r.reposters) + (r.originator_id !== null ? 1 : 0),
      firstSeen: r.first_seen === null ? null : Number(r.first_seen),
      firstChatId: r.first_chat_id,
      firstMessageId: r.first_message_id === null ? null : Number(r.first_message_id),
      originatorId: r.originator_id,
      sample: [...first, ...all.filter((s) => s !== r.first_sha256)].slice(0, size),
    };
  });
}

/** The member SHA-256s of these clusters, by cluster, sorted. */
async function membersOf(q: StoreQ, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += CHUNK)
    for (const r of await q.db
      .selectFrom('cluster_member')
      .select(['cluster_id', 'sha256'])
      .where('cluster_id', 'in', ids.slice(i, i + CHUNK))
      .orderBy('cluster_id')
      .orderBy('sha256')
      .execute()) {
      const list = out.get(r.cluster_id) ?? [];
      list.push(r.sha256);
      out.set(r.cluster_id, list);
    }
  return out;
}
