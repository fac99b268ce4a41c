import { DEFAULT_POLICY, type TriagePolicy } from './default-policy.js';

/** The facts triage reads about one actor (from analysis I, hash-list matches, lexicon and attribution). */
export interface TriageFacts {
  readonly actor: string;
  /** Clusters of new media this actor posted first. */
  readonly newClusters: readonly string[];
  /** Of those, the clusters assessed likely and possibly self-produced (issue 19). */
  readonly production?: { readonly likely: readonly string[]; readonly possible: readonly string[] };
  /** Known media (hash-list hits) the actor posted, with the list category ('' when none). */
  readonly knownMedia: ReadonlyArray<{ readonly sha256: string; readonly category: string }>;
  /** Lexicon hits: term and message. */
  readonly lexiconHits: ReadonlyArray<{
    readonly term: string;
    readonly chat: string;
    readonly message: number;
  }>;
  /** Chats the actor is active in. */
  readonly chats: readonly string[];
  /** Posts by others of media whose cluster this actor originated. */
  readonly repostsOfTheirMedia: number;
  readonly pagerank: number | null;
  /** UTC epoch ms of the last activity. */
  readonly lastActivity: number | null;
  readonly attribution: {
    readonly country: string | null;
    readonly probability: number;
    readonly abstained: boolean;
  } | null;
}

/** One factor of a score: raw value, normalised [0, 1], weight, contribution and the facts behind it. */
export interface Factor {
  readonly name: string;
  readonly value: number;
  readonly normalised: number;
  readonly weight: number;
  readonly contribution: number;
  readonly facts: readonly string[];
}

/** One scored actor. */
export interface TriageScore {
  readonly rank: number;
  readonly actor: string;
  readonly score: number;
  readonly factors: readonly Factor[];
}

/** Context of a triage run. */
export interface TriageContext {
  /** Home jurisdiction (case.json `home`), or null. */
  readonly home: string | null;
  /** Number of actors in the network (turns PageRank into "× average"). */
  readonly networkSize: number;
  /** Reference time for recency (default: the latest activity among the facts). */
  readonly referenceTime?: number | null;
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const sat = (v: number, half: number): number => (v <= 0 ? 0 : v / (v + half));
const DAY = 86_400_000;

function factor(name: string, value: number, normalised: number, weight: number, facts: string[]): Factor {
  return {
    name,
    value: r4(value),
    normalised: r4(normalised),
    weight,
    contribution: r4(weight * normalised),
    facts,
  };
}

/** Score one actor under a policy. */
export function scoreActor(
  f: TriageFacts,
  policy: TriagePolicy,
  ctx: TriageContext & { referenceTime: number | null },
): Omit<TriageScore, 'rank'> {
  const p = policy.factors;
  const out: Factor[] = [];
  out.push(
    factor(
      'newClusters',
      f.newClusters.length,
      sat(f.newClusters.length, p.newClusters.half),
      p.newClusters.weight,
      f.newClusters.slice(0, 10).map((c) => `originated new cluster ${c}`),
    ),
  );
  const likely = f.production?.likely ?? [];
  const possible = f.production?.possible ?? [];
  const produced = likely.length + p.production.possibleWeight * possible.length;
  out.push(
    factor('production', produced, sat(produced, p.production.half), p.production.weight, [
      ...likely.slice(0, 10).map((c) => `new cluster ${c} likely self-produced`),
      ...possible
        .slice(0, 10)
        .map((c) => `new cluster ${c} possibly self-produced × ${p.production.possibleWeight}`),
    ]),
  );
  const byCat = new Map<string, number>();
  for (const m of f.knownMedia) byCat.set(m.category, (byCat.get(m.category) ?? 0) + 1);
  let known = 0;
  const catFacts: string[] = [];
  for (const [cat, n] of [...byCat.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const w = p.knownMedia.categories[cat] ?? p.knownMedia.categories['default'] ?? 0.5;
    known += n * w;
    catFacts.push(`${n} known media in category ${cat || '(none)'} × ${w}`);
  }
  out.push(factor('knownMedia', known, sat(known, p.knownMedia.half), p.knownMedia.weight, catFacts));
  const terms = [...new Set(f.lexiconHits.map((h) => h.term))].sort();
  out.push(
    factor(
      'lexicon',
      f.lexiconHits.length,
      sat(f.lexiconHits.length, p.lexicon.half),
      p.lexicon.weight,
      f.lexiconHits.length
        ? [`${f.lexiconHits.length} messages match: ${terms.slice(0, 10).join(', ')}`]
        : [],
    ),
  );
  const reach = p.reach.chatWeight * f.chats.length + p.reach.repostWeight * f.repostsOfTheirMedia;
  out.push(
    factor('reach', reach, sat(reach, p.reach.half), p.reach.weight, [
      `active in ${f.chats.length} chats`,
      `${f.repostsOfTheirMedia} reposts by others of media they originated`,
    ]),
  );
  const rel = f.pagerank === null ? 0 : f.pagerank * Math.max(1, ctx.networkSize);
  out.push(
    factor(
      'centrality',
      rel,
      sat(rel, p.centrality.half),
      p.centrality.weight,
      f.pagerank === null
        ? ['not in the network']
        : [`PageRank ${f.pagerank.toExponential(3)} = ${rel.toFixed(2)} × average`],
    ),
  );
  const ageDays =
    f.lastActivity === null || ctx.referenceTime === null
      ? null
      : Math.max(0, (ctx.referenceTime - f.lastActivity) / DAY);
  const rec = ageDays === null ? 0 : Math.pow(0.5, ageDays / p.recency.halfLifeDays);
  out.push(
    factor(
      'recency',
      ageDays ?? 0,
      rec,
      p.recency.weight,
      ageDays === null
        ? ['no dated activity']
        : [
            `last active ${new Date(f.lastActivity!).toISOString()} (${ageDays.toFixed(1)} days before the latest activity in the case)`,
          ],
    ),
  );
  const a = f.attribution;
  const isHome = ctx.home !== null && a !== null && !a.abstained && a.country === ctx.home;
  out.push(
    factor(
      'home',
      isHome ? a.probability : 0,
      isHome ? a.probability : 0,
      p.home.weight,
      ctx.home === null
        ? ['case has no home jurisdiction']
        : a === null || a.abstained
          ? [`attribution abstained`]
          : [`attributed to ${a.country} (p=${a.probability.toFixed(2)}); home is ${ctx.home}`],
    ),
  );
  return { actor: f.actor, score: r4(out.reduce((s, x) => s + x.contribution, 0)), factors: out };
}

/** Score and rank every actor (score descending, then actor id: deterministic). */
export function rankTargets(
  facts: readonly TriageFacts[],
  ctx: TriageContext,
  policy: TriagePolicy = DEFAULT_POLICY,
): TriageScore[] {
  const latest = facts.reduce<number | null>(
    (m, f) => (f.lastActivity !== null && (m === null || f.lastActivity > m) ? f.lastActivity : m),
    null,
  );
  const refTime = ctx.referenceTime ?? latest;
  return facts
    .map((f) => scoreActor(f, policy, { ...ctx, referenceTime: refTime }))
    .sort((a, b) => b.score - a.score || (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0))
    .map((s, i) => ({ rank: i + 1, ...s }));
}
