import type Database from 'better-sqlite3';
import type { ItemIssue } from '../domain/issue.js';

/** A media cluster row as written by `vigie analyse`. */
export interface ClusterRow {
  id: string;
  status: string;
  members: number;
  occurrences: number;
  firstSeen: number | null;
  firstChatId: string | null;
  firstMessageId: number | null;
  firstSha256: string | null;
  originatorId: string | null;
  chatsReached: number;
  reposters: number;
  noveltyScore: number | null;
  noveltyRank: number | null;
  details: unknown;
}

/** One media's place in a cluster. */
export interface ClusterMemberRow {
  sha256: string;
  clusterId: string;
  status: string;
  distanceToSeed: number | null;
}

/** One actor's derived profile with its network figures. */
export interface ActorProfileRow {
  actorId: string;
  messages: number;
  newClustersOriginated: number;
  community: number | null;
  pagerank: number | null;
  betweenness: number | null;
  profile: unknown;
}

/** One network edge: actor → actor ('interaction') or actor → chat ('membership'). */
export interface NetworkEdgeRow {
  source: string;
  target: string;
  kind: 'interaction' | 'membership';
  weight: number;
  details: unknown;
}

/** Everything one analyse run derives. */
export interface AnalysisRows {
  clusters: readonly ClusterRow[];
  members: readonly ClusterMemberRow[];
  profiles: readonly ActorProfileRow[];
  edges: readonly NetworkEdgeRow[];
  issues: readonly ItemIssue[];
}

/** Replace the previous derived analysis with this run's rows (call inside the run's transaction). */
export function replaceAnalysis(raw: Database.Database, runId: string, rows: AnalysisRows): void {
  raw.transaction(() => {
    for (const t of ['cluster_member', 'cluster', 'actor_profile', 'network_edge'])
      raw.prepare(`DELETE FROM ${t}`).run();
    const c = raw.prepare(
      `INSERT INTO cluster (id, run_id, status, members, occurrences, first_seen, first_chat_id, first_message_id,
         first_sha256, originator_id, chats_reached, reposters, novelty_score, novelty_rank, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows.clusters)
      c.run(
        r.id,
        runId,
        r.status,
        r.members,
        r.occurrences,
        r.firstSeen,
        r.firstChatId,
        r.firstMessageId,
        r.firstSha256,
        r.originatorId,
        r.chatsReached,
        r.reposters,
        r.noveltyScore,
        r.noveltyRank,
        JSON.stringify(r.details),
      );
    const m = raw.prepare(
      'INSERT INTO cluster_member (sha256, cluster_id, status, distance_to_seed, run_id) VALUES (?, ?, ?, ?, ?)',
    );
    for (const r of rows.members) m.run(r.sha256, r.clusterId, r.status, r.distanceToSeed, runId);
    const p = raw.prepare(
      `INSERT INTO actor_profile (actor_id, run_id, messages, new_clusters_originated, community, pagerank, betweenness, profile)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows.profiles)
      p.run(
        r.actorId,
        runId,
        r.messages,
        r.newClustersOriginated,
        r.community,
        r.pagerank,
        r.betweenness,
        JSON.stringify(r.profile),
      );
    const e = raw.prepare(
      'INSERT INTO network_edge (source, target, kind, weight, details, run_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows.edges) e.run(r.source, r.target, r.kind, r.weight, JSON.stringify(r.details), runId);
    const i = raw.prepare(
      'INSERT INTO issue (run_id, source_id, code, file, location, message) VALUES (?, NULL, ?, ?, ?, ?)',
    );
    for (const r of rows.issues) i.run(runId, r.code, r.source, r.location, r.message);
  })();
}

/** What `vigie media` shows about a media's cluster (field contract: cluster, firstSeen, originator, firstMessage). */
export interface ClusterInfo {
  cluster: string;
  clusterStatus: string;
  /** ISO-8601 UTC of the cluster's first occurrence. */
  firstSeen: string | null;
  /** Platform id of the cluster's first poster. */
  originator: string | null;
  firstMessage: { chat: string; message: number } | null;
}

interface ClusterInfoSql {
  sha256: string;
  cluster_id: string;
  status: string;
  first_seen: number | null;
  first_chat_id: string | null;
  first_message_id: number | null;
  originator_id: string | null;
}

const INFO_SQL = `SELECT cm.sha256, cm.cluster_id, c.status, c.first_seen, c.first_chat_id, c.first_message_id, c.originator_id
  FROM cluster_member cm JOIN cluster c ON c.id = cm.cluster_id`;

/** Cluster facts per media sha256 (all media, or only those given); media not analysed yet are absent. */
export function clusterInfoBySha256(
  raw: Database.Database,
  sha256s?: readonly string[],
): Map<string, ClusterInfo> {
  const rows: ClusterInfoSql[] = [];
  if (sha256s === undefined) rows.push(...(raw.prepare(INFO_SQL).all() as ClusterInfoSql[]));
  else
    for (let i = 0; i < sha256s.length; i += 500) {
      const chunk = sha256s.slice(i, i + 500);
      const sql = `${INFO_SQL} WHERE cm.sha256 IN (${chunk.map(() => '?').join(',')})`;
      rows.push(...(raw.prepare(sql).all(...chunk) as ClusterInfoSql[]));
    }
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

interface ProfileSql {
  actor_id: string;
  messages: number;
  new_clusters_originated: number;
  community: number | null;
  pagerank: number | null;
  betweenness: number | null;
  profile: string;
}

function profileRow(r: ProfileSql): ActorProfileRow {
  return {
    actorId: r.actor_id,
    messages: r.messages,
    newClustersOriginated: r.new_clusters_originated,
    community: r.community,
    pagerank: r.pagerank,
    betweenness: r.betweenness,
    profile: JSON.parse(r.profile) as unknown,
  };
}

/** Every actor profile of the last analyse run, by platform id. */
export function listActorProfiles(raw: Database.Database): ActorProfileRow[] {
  return (raw.prepare('SELECT * FROM actor_profile ORDER BY actor_id').all() as ProfileSql[]).map(profileRow);
}

/** One actor's profile, or undefined. */
export function getActorProfile(raw: Database.Database, actorId: string): ActorProfileRow | undefined {
  const r = raw.prepare('SELECT * FROM actor_profile WHERE actor_id = ?').get(actorId) as
    ProfileSql | undefined;
  return r && profileRow(r);
}

/** Clusters of the last run (optionally one status), new-content order first (novelty rank), then id. */
export function listClusters(raw: Database.Database, status?: string): ClusterRow[] {
  const rows = raw
    .prepare(
      `SELECT * FROM cluster ${status ? 'WHERE status = ?' : ''}
        ORDER BY novelty_rank IS NULL, novelty_rank, id`,
    )
    .all(...(status ? [status] : [])) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: r['id'] as string,
    status: r['status'] as string,
    members: r['members'] as number,
    occurrences: r['occurrences'] as number,
    firstSeen: r['first_seen'] as number | null,
    firstChatId: r['first_chat_id'] as string | null,
    firstMessageId: r['first_message_id'] as number | null,
    firstSha256: r['first_sha256'] as string | null,
    originatorId: r['originator_id'] as string | null,
    chatsReached: r['chats_reached'] as number,
    reposters: r['reposters'] as number,
    noveltyScore: r['novelty_score'] as number | null,
    noveltyRank: r['novelty_rank'] as number | null,
    details: JSON.parse(r['details'] as string) as unknown,
  }));
}

/** Network edges of the last run, sorted. */
export function listNetworkEdges(raw: Database.Database): NetworkEdgeRow[] {
  return (
    raw
      .prepare('SELECT source, target, kind, weight, details FROM network_edge ORDER BY kind, source, target')
      .all() as Array<Omit<NetworkEdgeRow, 'details'> & { details: string }>
  ).map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }));
}

/** The id of the run that wrote the current analysis, or null when the case was never analysed. */
export function currentAnalysisRun(raw: Database.Database): string | null {
  const r = raw.prepare('SELECT run_id FROM actor_profile LIMIT 1').get() as { run_id: string } | undefined;
  const c = raw.prepare('SELECT run_id FROM cluster LIMIT 1').get() as { run_id: string } | undefined;
  return r?.run_id ?? c?.run_id ?? null;
}

/** Every chat's id, title and type (graph export labels). */
export function listChatLabels(
  raw: Database.Database,
): Array<{ id: string; title: string | null; type: string | null }> {
  return raw.prepare('SELECT id, title, type FROM chat ORDER BY id').all() as Array<{
    id: string;
    title: string | null;
    type: string | null;
  }>;
}
