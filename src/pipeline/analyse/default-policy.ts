/**
 * The default triage policy (docs/triage-policy.md). Scores are 0–100: each factor maps its raw value to [0, 1]
 * with a saturating curve v / (v + half) (half = the value worth half the factor), then contributes weight × that.
 * Producers of new material weigh most: a first poster of new images is the unit's first priority.
 */
export const DEFAULT_POLICY = {
  name: 'vigie-default-2',
  factors: {
    /** New media clusters this actor posted first (likely producer). */
    newClusters: { weight: 30, half: 0.5 },
    /** New clusters this actor posted first assessed self-produced: likely count 1, possible `possibleWeight`. */
    production: { weight: 10, half: 0.5, possibleWeight: 0.5 },
    /** Known media (hash-list hits) the actor distributed, weighted by the list category. */
    knownMedia: {
      weight: 20,
      half: 4,
      categories: { '1': 1, '2': 0.6, '3': 0.3, '4': 0.2, default: 0.5 } as Record<string, number>,
    },
    /** Messages matching the agency lexicon. */
    lexicon: { weight: 10, half: 3 },
    /** Reach: chats the actor is active in, plus reposts by others of media the actor originated. */
    reach: { weight: 10, half: 8, chatWeight: 1, repostWeight: 1 },
    /** Network centrality: PageRank × number of actors (1 = average actor). */
    centrality: { weight: 10, half: 2 },
    /** Recency of the last activity, relative to the latest activity in the case (exponential half-life). */
    recency: { weight: 5, halfLifeDays: 30 },
    /** Attributed (not abstained) to the home jurisdiction of the case, scaled by the probability. */
    home: { weight: 5 },
  },
};

/** A triage policy (same shape as the default; a policy file may override any field). */
export type TriagePolicy = typeof DEFAULT_POLICY;
