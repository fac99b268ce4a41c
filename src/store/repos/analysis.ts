import type { StoreQ } from '../port.js';
import {
  clusterInfoOf,
  currentAnalysisRun,
  getActorProfile,
  listActorProfiles,
  listChatLabels,
  listClusters,
  listNetworkEdges,
  listProduction,
  replaceAnalysis,
  type AnalysisRows,
} from '../analysis.js';
import { loadAnalysisInput } from '../analysis-input.js';
import { listClusterPage, type ClusterKey } from '../cluster-listing.js';
import { importCounts, listChatSummaries } from '../case-counts.js';

/** Analysis results (clusters, provenance, profiles, network), what the analysis reads, and the case listings. */
export function analysisRepo(q: StoreQ) {
  return {
    /** Everything `vigie analyse` reads, sorted. */
    loadInput: () => loadAnalysisInput(q),
    /** Replace the previous analysis with this run's rows (inside the run's transaction). */
    replace: (runId: string, rows: AnalysisRows) => replaceAnalysis(q, runId, rows),
    /** Cluster facts per media sha256 (all, or those given). */
    clusterInfo: (sha256s?: readonly string[]) => clusterInfoOf(q, sha256s),
    /** Every actor profile (or those whose id or a name contains `search`), by platform id. */
    profiles: (page?: { after?: string; limit?: number; search?: string }) => listActorProfiles(q, page),
    /** One actor's profile, or undefined. */
    profile: (actorId: string) => getActorProfile(q, actorId),
    /** Clusters, new-content order first. */
    clusters: (status?: string) => listClusters(q, status),
    /** A page of clusters of one status, most spread first (then first seen, then id), with a few members each. */
    clusterPage: (opts: { status: string; after?: ClusterKey; limit?: number; sample?: number }) =>
      listClusterPage(q, opts),
    /** Self-production assessment per new cluster id. */
    production: () => listProduction(q),
    /** Network edges, sorted. */
    edges: () => listNetworkEdges(q),
    /** The run that wrote the current analysis, or null. */
    currentRun: () => currentAnalysisRun(q),
    /** Chat ids, titles and types. */
    chatLabels: () => listChatLabels(q),
    /** Every chat with its figures (`vigie chats`). */
    chatSummaries: () => listChatSummaries(q),
    /** Counts of what the import stage stores (`vigie stats`). */
    importCounts: () => importCounts(q),
  };
}
