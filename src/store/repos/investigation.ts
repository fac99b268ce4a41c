import type { StoreQ } from '../port.js';
import {
  actorDecisions,
  actorEdges,
  interactionEdges,
  actorMemberships,
  actorMessages,
  actorNamesSeen,
  actorOriginatedClusters,
  actorPostedMedia,
  actorScore,
  labelsOf,
  returnRowsAt,
} from '../profile-reads.js';
import {
  auditFacets,
  auditPage,
  clusterMembers,
  clusterRow,
  postsOf,
  type AuditFilter,
} from '../spread-reads.js';

/** The investigation views' reads: one actor's page, one cluster's spread, the filtered audit trail. */
export function investigationRepo(q: StoreQ) {
  return {
    /** Every (name, source) the actor was seen under, with when. */
    namesSeen: (actorId: string) => actorNamesSeen(q, actorId),
    /** The actor's memberships. */
    memberships: (actorId: string) => actorMemberships(q, actorId),
    /** Chat, type and time of every message the actor wrote. */
    messages: (actorId: string) => actorMessages(q, actorId),
    /** The media the actor posted with status and list category. */
    postedMedia: (actorId: string) => actorPostedMedia(q, actorId),
    /** The clusters the actor posted first. */
    originated: (actorId: string) => actorOriginatedClusters(q, actorId),
    /** Interaction edges from or to the actor. */
    edges: (actorId: string) => actorEdges(q, actorId),
    /** Every interaction edge of the analysis (indexed once per analysis by the actor page). */
    interactionEdges: () => interactionEdges(q),
    /** The actor's triage score row, or undefined. */
    score: (actorId: string) => actorScore(q, actorId),
    /** Every target decision on the actor, oldest first. */
    decisions: (actorId: string) => actorDecisions(q, actorId),
    /** Return rows by (source, line). */
    returnRows: (keys: ReadonlyArray<{ source: string; line: number }>) => returnRowsAt(q, keys),
    /** First names of actors and titles of chats. */
    labels: (ids: { actors: readonly string[]; chats: readonly string[] }) => labelsOf(q, ids),
    /** One cluster's stored row, or undefined. */
    cluster: (id: string) => clusterRow(q, id),
    /** A cluster's media with their PDQ. */
    clusterMembers: (clusterId: string) => clusterMembers(q, clusterId),
    /** Every post of these media. */
    posts: (sha256s: readonly string[]) => postsOf(q, sha256s),
    /** A filtered page of the audit trail. */
    auditPage: (f: AuditFilter) => auditPage(q, f),
    /** The audit trail's people and commands. */
    auditFacets: () => auditFacets(q),
  };
}
