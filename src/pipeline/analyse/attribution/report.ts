/**
 * `vigie attribution report`: precision of confident answers, coverage of posting actors, Brier score, ECE and a
 * reliability table, overall and for home-country and foreign actors when the truth is known; without truth, the
 * coverage and the distribution of the probabilities only. Pure: attributions and truth in, figures out.
 */
import { scoreAttribution, type ScoredAttribution } from './evaluate.js';

/** One bin of a reliability diagram: actors whose top probability falls in [from, to). */
export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly actors: number;
  /** Mean top probability and share of right top candidates (null for an empty bin or without truth). */
  readonly confidence: number | null;
  readonly accuracy: number | null;
}

/** Figures of one group of actors scored against truth. */
export interface GroupScore {
  readonly actors: number;
  readonly answered: number;
  readonly correct: number;
  readonly precision: number;
  readonly coverage: number;
  readonly top1: number;
  readonly brier: number;
  /** ECE of the top probability over all the group's actors (10 equal-width bins). */
  readonly ece: number;
  /** ECE over the confident answers only. */
  readonly eceAnswered: number;
  readonly bins: readonly ReliabilityBin[];
}

/** The report. */
export interface AttributionReport {
  readonly home: string | null;
  /** Posting actors (authors of at least one regular message) scored or counted. */
  readonly postingActors: number;
  readonly answered: number;
  readonly coverage: number;
  /** Confident answers per country, most first. */
  readonly countries: Readonly<Record<string, number>>;
  /** Distribution of the top probability over the posting actors. */
  readonly distribution: readonly ReliabilityBin[];
  /** Against the truth file, when given: overall, home-country actors and foreign actors. */
  readonly truth: {
    readonly overall: GroupScore;
    readonly home: GroupScore;
    readonly foreign: GroupScore;
  } | null;
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Ten equal-width bins of the top probability; accuracy when `truth` says each actor's country. */
export function reliabilityBins(
  results: readonly ScoredAttribution[],
  truth?: ReadonlyMap<string, string>,
): ReliabilityBin[] {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, hit: 0 }));
  for (const r of results) {
    const top = r.candidates[0];
    if (!top) continue;
    const b = bins[Math.min(9, Math.floor(top.probability * 10))]!;
    b.n++;
    b.conf += top.probability;
    if (truth?.get(r.actor) === top.country) b.hit++;
  }
  return bins.map((b, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    actors: b.n,
    confidence: b.n ? r4(b.conf / b.n) : null,
    accuracy: b.n && truth ? r4(b.hit / b.n) : null,
  }));
}

function group(
  actors: ReadonlyArray<{ actor: string; country: string }>,
  results: ScoredAttribution[],
): GroupScore {
  const s = scoreAttribution(actors, results);
  const truth = new Map(actors.map((a) => [a.actor, a.country]));
  const mine = results.filter((r) => truth.has(r.actor));
  const answered = reliabilityBins(
    mine.filter((r) => !r.abstained),
    truth,
  );
  const nAnswered = answered.reduce((n, b) => n + b.actors, 0);
  const eceAnswered = nAnswered
    ? answered.reduce((e, b) => e + (b.actors ? Math.abs(b.accuracy! - b.confidence!) * b.actors : 0), 0) /
      nAnswered
    : 0;
  return {
    actors: s.actors,
    answered: s.answered,
    correct: s.correct,
    precision: r4(s.precision),
    coverage: r4(s.coverage),
    top1: r4(s.top1),
    brier: r4(s.brier),
    ece: r4(s.ece),
    eceAnswered: r4(eceAnswered),
    bins: reliabilityBins(mine, truth),
  };
}

/** Build the report from the case's attributions, its posting actors, its home country and (optionally) truth. */
export function attributionReport(input: {
  readonly attributions: readonly ScoredAttribution[];
  readonly posting: ReadonlySet<string>;
  readonly home: string | null;
  readonly truth?: ReadonlyArray<{ actor: string; country: string }>;
}): AttributionReport {
  const posting = input.attributions.filter((r) => input.posting.has(r.actor));
  const answered = posting.filter((r) => !r.abstained && r.country);
  const countries = new Map<string, number>();
  for (const r of answered) countries.set(r.country!, (countries.get(r.country!) ?? 0) + 1);
  let truth: AttributionReport['truth'] = null;
  if (input.truth) {
    const scored = input.truth.filter((t) => input.posting.has(t.actor));
    const results = [...input.attributions];
    truth = {
      overall: group(scored, results),
      home: group(
        scored.filter((t) => t.country === input.home),
        results,
      ),
      foreign: group(
        scored.filter((t) => t.country !== input.home),
        results,
      ),
    };
  }
  return {
    home: input.home,
    postingActors: input.posting.size,
    answered: answered.length,
    coverage: r4(input.posting.size ? answered.length / input.posting.size : 0),
    countries: Object.fromEntries([...countries].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    distribution: reliabilityBins(posting),
    truth,
  };
}
