import type { StoreQ } from '../port.js';
import {
  attributionStats,
  attributionsByActor,
  getAttribution,
  listActorGps,
  listActorIds,
  listActorNames,
  listAttributionMessages,
  replaceAttributions,
  type AttributionRowInput,
} from '../attribution.js';
import {
  actorExists,
  hasRows,
  insertDecision,
  knownMediaByActor,
  latestDecisions,
  listScores,
  replaceScores,
  type TargetDecision,
} from '../triage.js';

/** Attribution (inputs and results), triage scores and target decisions. */
export function triageRepo(q: StoreQ) {
  return {
    /** Authored regular messages with any shared contact card. */
    attributionMessages: () => listAttributionMessages(q),
    /** Every display name observed per actor. */
    actorNames: () => listActorNames(q),
    /** EXIF GPS points of media each actor posted first. */
    actorGps: () => listActorGps(q),
    /** Every actor id. */
    actorIds: () => listActorIds(q),
    /** True when the case knows this actor. */
    actorExists: (id: string) => actorExists(q, id),
    /** Replace every attribution with this run's. */
    replaceAttributions: (runId: string, rows: readonly AttributionRowInput[]) =>
      replaceAttributions(q, runId, rows),
    /** Attribution per actor (all, or those given). */
    attributions: (actorIds?: readonly string[]) => attributionsByActor(q, actorIds),
    /** One actor's attribution, or undefined. */
    attribution: (actorId: string) => getAttribution(q, actorId),
    /** Attribution and target figures for `vigie stats`. */
    stats: () => attributionStats(q),
    /** Known media per actor with their category. */
    knownMediaByActor: () => knownMediaByActor(q),
    /** Replace every score with this run's. */
    replaceScores: (
      runId: string,
      policy: string,
      rows: ReadonlyArray<{ actor: string; rank: number; score: number; factors: readonly unknown[] }>,
    ) => replaceScores(q, runId, policy, rows),
    /** Scores by rank. */
    scores: (page?: { after?: { rank: number; actor: string }; limit?: number }) => listScores(q, page),
    /** Record a supervisor's decision (with its audit event, in one transaction). */
    decide: (d: TargetDecision) => insertDecision(q, d),
    /** The latest decision per actor. */
    latestDecisions: () => latestDecisions(q),
    /** True when attributions / scores exist. */
    hasRows: (table: 'attribution' | 'score') => hasRows(q, table),
  };
}
