import { sql } from 'kysely';
import type { ItemIssue } from '../domain/issue.js';
import type { StoreQ } from './port.js';
import { insertIssues } from './runs.js';
import type { ActorProfileTable, ClusterTable } from './schema.js';

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

/** A new cluster's self-production assessment with its signals. */
export interface ProductionRow {
  clusterId: string;
  assessment: string;
  score: number;
  signals: unknown;
}

/** Everything one analyse run derives. */
export interface AnalysisRows {
  clusters: readonly ClusterRow[];
  /** Self-production assessments (absent: none written). */
  production?: readonly ProductionRow[];
  members: readonly ClusterMemberRow[];
  profiles: readonly ActorProfileRow[];
  edges: readonly NetworkEdgeRow[];
  issues: readonly ItemIssue[];
}

/**
 * Replace the previous derived analysis with this run's rows (call inside the run's transaction). Whole tables are
 * rewritten, so they go through the measured bulk path (prepared INSERT on SQLite, COPY on PostgreSQL).
 */
export async function replaceAnalysis(q: StoreQ, runId: string, rows: AnalysisRows): Promise<void> {
  for (const t of [
    'cluster_member',
    'cluster',
    'actor_profile',
    'network_edge',
    'cluster_production',
  ] as const)
    await q.db.deleteFrom(t).execute();
  await q.bulk.insert(
    'cluster_production',
    ['cluster_id', 'assessment', 'score', 'signals', 'run_id'],
    (rows.production ?? []).map((r) => [
      r.clusterId,
      r.assessment,
      r.score,
      JSON.stringify(r.signals),
      runId,
    ]),
  );
  await q.bulk.insert(
    'cluster',
    [
      'id',
      'run_id',
      'status',
      'members',
      'occurrences',
      'first_seen',
      'first_chat_id',
      'first_message_id',
      'first_sha256',
      'originator_id',
      'chats_reached',
      'reposters',
      'novelty_score',
      'novelty_rank',
      'details',
    ],
    rows.clusters.map((r) => [
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
    ]),
  );
  await q.bulk.insert(
    'cluster_member',
    ['sha256', 'cluster_id', 'status', 'distance_to_seed', 'run_id'],
    rows.members.map((r) => [r.sha256, r.clusterId, r.status, r.distanceToSeed, runId]),
  );
  await q.bulk.insert(
    'actor_profile',
    [
      'actor_id',
      'run_id',
      'messages',
      'new_clusters_originated',
      'community',
      'pagerank',
      'betweenness',
      'profile',
    ],
    rows.profiles.map((r) => [
      r.actorId,
      runId,
      r.messages,
      r.newClustersOriginated,
      r.community,
      r.pagerank,
      r.betweenness,
      JSON.stringify(r.profile),
    ]),
  );
  await q.bulk.insert(
    'network_edge',
    ['source', 'target', 'kind', 'weight', 'details', 'run_id'],
    rows.edges.map((r) => [r.source, r.target, r.kind, r.weight, JSON.stringify(r.details), runId]),
  );
  await insertIssues(
    q,
    runId,
    rows.issues.map((r) => ({
      sourceId: null,
      code: r.code,
      file: r.source,
      location: r.location,
      message: r.message,
    })),
  );
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
  /** New clusters: the self-production assessment and its signals (issue 19). */
  production?: { assessment: 'likely' | 'possible' | 'unlikely'; score: number; signals: unknown[] };
}

/** Cluster facts per media sha256 (all media, or only those given); media not analysed yet are absent. */
export async function clusterInfoOf(
  q: StoreQ,
  sha256s?: readonly string[],
): Promise<Map<string, ClusterInfo>> {
  const base = q.db
    .selectFrom('cluster_member as cm')
    .innerJoin('cluster as c', 'c.id', 'cm.cluster_id')
    .leftJoin('cluster_production as cp', 'cp.cluster_id', 'cm.cluster_id')
    .select([
      'cp.assessment',
      'cp.score',
      'cp.signals',
      'cm.sha256',
      'cm.cluster_id',
      'c.status',
      'c.first_seen',
      'c.first_chat_id',
      'c.first_message_id',
      'c.originator_id',
    ]);
  const rows = [];
  if (sha256s === undefined) rows.push(...(await base.orderBy('cm.sha256').execute()));
  else
    for (let i = 0; i < sha256s.length; i += 500)
      rows.push(...(await base.where('cm.sha256', 'in', sha256s.slice(i, i + 500)).execute()));
  return new Map(rows.map((r) => [r.sha256, infoOf(r)]));
}

function infoOf(r: ClusterInfoSql): ClusterInfo {
  return {
    cluster: r.cluster_id,
    clusterStatus: r.status,
    firstSeen: r.first_seen === null ? null : new Date(r.first_seen).toISOString(),
    originator: r.originator_id,
    firstMessage:
      r.first_chat_id === null || r.first_message_id === null
        ? null
        : { chat: r.first_chat_id, message: r.first_message_id },
    ...(r.assessment !== null && r.signals !== null
      ? {
          production: {
            assessment: r.assessment as 'likely' | 'possible' | 'unlikely',
            score: Number(r.score),
            signals: JSON.parse(r.signals) as unknown[],
          },
        }
      : {}),
  };
}

function profileRow(r: ActorProfileTable): ActorProfileRow {
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

/** Every actor profile of the last analyse run (or those whose id or a name contains `search`, any case), by platform id. */
export async function listActorProfiles(
  q: StoreQ,
  page: { after?: string; limit?: number; search?: string } = {},
): Promise<ActorProfileRow[]> {
  let s = q.db.selectFrom('actor_profile').selectAll();
  if (page.after !== undefined) s = s.where('actor_id', '>', page.after);
  if (page.search !== undefined) {
    const like = `%${page.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const has = (col: string) => sql<boolean>`lower(${sql.ref(col)}) like ${like} escape '\\'`;
    s = s.where((eb) =>
      eb.or([
        has('actor_id'),
        eb(
          'actor_id',
          'in',
          eb.selectFrom('actor_name').select('actor_name.actor_id').where(has('actor_name.name')),
        ),
      ]),
    );
  }
  const rows = await s
    .orderBy('actor_id')
    .$if(page.limit !== undefined, (w) => w.limit(page.limit!))
    .execute();
  return rows.map(profileRow);
}

/** One actor's profile, or undefined. */
export async function getActorProfile(q: StoreQ, actorId: string): Promise<ActorProfileRow | undefined> {
  const r = await q.db
    .selectFrom('actor_profile')
    .selectAll()
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return r && profileRow(r);
}

function clusterRow(r: ClusterTable): ClusterRow {
  return {
    id: r.id,
    status: r.status,
    members: r.members,
    occurrences: r.occurrences,
    firstSeen: r.first_seen,
    firstChatId: r.first_chat_id,
    firstMessageId: r.first_message_id,
    firstSha256: r.first_sha256,
    originatorId: r.originator_id,
    chatsReached: r.chats_reached,
    reposters: r.reposters,
    noveltyScore: r.novelty_score,
    noveltyRank: r.novelty_rank,
    details: JSON.parse(r.details) as unknown,
  };
}

/** Clusters of the last run (optionally one status), new-content order first (novelty rank), then id. */
export async function listClusters(q: StoreQ, status?: string): Promise<ClusterRow[]> {
  let sel = q.db.selectFrom('cluster').selectAll();
  if (status) sel = sel.where('status', '=', status);
  const rows = await sel
    .orderBy('novelty_rank', (ob) => ob.asc().nullsLast())
    .orderBy('id')
    .execute();
  return rows.map(clusterRow);
}

/** Network edges of the last run, sorted. */
export async function listNetworkEdges(q: StoreQ): Promise<NetworkEdgeRow[]> {
  const rows = await q.db
    .selectFrom('network_edge')
    .select(['source', 'target', 'kind', 'weight', 'details'])
    .orderBy('kind')
    .orderBy('source')
    .orderBy('target')
    .execute();
  return rows.map((r) => ({
    source: r.source,
    target: r.target,
    kind: r.kind as NetworkEdgeRow['kind'],
    weight: r.weight,
    details: JSON.parse(r.details) as unknown,
  }));
}

/** The id of the run that wrote the current analysis, or null when the case was never analysed. */
export async function currentAnalysisRun(q: StoreQ): Promise<string | null> {
  const r = await q.db.selectFrom('actor_profile').select('run_id').limit(1).executeTakeFirst();
  const c = await q.db.selectFrom('cluster').select('run_id').limit(1).executeTakeFirst();
  return r?.run_id ?? c?.run_id ?? null;
}

/** Every chat's id, title and type (graph export labels). */
export function listChatLabels(
  q: StoreQ,
): Promise<Array<{ id: string; title: string | null; type: string | null }>> {
  return q.db.selectFrom('chat').select(['id', 'title', 'type']).orderBy('id').execute();
}

interface ClusterInfoSql {
  sha256: string;
  cluster_id: string;
  status: string;
  first_seen: number | null;
  first_chat_id: string | null;
  first_message_id: number | null;
  originator_id: string | null;
  assessment: string | null;
  score: number | null;
  signals: string | null;
}

/** Self-production assessment per new cluster id (the last analyse run). */
export async function listProduction(q: StoreQ): Promise<Map<string, string>> {
  const rows = await q.db
    .selectFrom('cluster_production')
    .select(['cluster_id', 'assessment'])
    .orderBy('cluster_id')
    .execute();
  return new Map(rows.map((r) => [r.cluster_id, r.assessment]));
}
