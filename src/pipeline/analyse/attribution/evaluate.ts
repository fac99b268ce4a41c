/** Scoring of attributions and target rankings against a generator's ground truth (truth.json). */

/** One actor's true country. */
export interface TruthActor {
  readonly actor: string;
  readonly country: string;
}

/** What scoring needs from an attribution. */
export interface ScoredAttribution {
  readonly actor: string;
  readonly country: string | null;
  readonly abstained: boolean;
  readonly probability: number;
  readonly candidates: ReadonlyArray<{ country: string; probability: number }>;
}

/** Attribution quality: precision of confident answers, coverage, top-k and Brier score. */
export interface AttributionScore {
  readonly actors: number;
  readonly answered: number;
  readonly correct: number;
  /** Share of confident (non-abstained) answers that are right. */
  readonly precision: number;
  /** Share of actors with a confident answer. */
  readonly coverage: number;
  /** Top-1 / top-3 of the ranked candidates over all actors (answered or not). */
  readonly top1: number;
  readonly top3: number;
  /** Mean (1 − p(true country))² + Σ others p² over the reported candidates. */
  readonly brier: number;
  /** Expected calibration error of the top candidate's probability (10 equal-width bins, all actors). */
  readonly ece: number;
}

/** Score attributions against truth; actors missing from `results` count as abstentions. */
export function scoreAttribution(
  truth: readonly TruthActor[],
  results: readonly ScoredAttribution[],
): AttributionScore {
  const byActor = new Map(results.map((r) => [r.actor, r]));
  let answered = 0;
  let correct = 0;
  let top1 = 0;
  let top3 = 0;
  let brier = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, hit: 0 }));
  for (const t of truth) {
    const r = byActor.get(t.actor);
    if (!r) {
      brier += 1;
      continue;
    }
    if (!r.abstained && r.country) {
      answered++;
      if (r.country === t.country) correct++;
    }
    if (r.candidates[0]?.country === t.country) top1++;
    const top = r.candidates[0];
    if (top) {
      const bin = bins[Math.min(9, Math.floor(top.probability * 10))]!;
      bin.n++;
      bin.conf += top.probability;
      if (top.country === t.country) bin.hit++;
    }
    if (r.candidates.slice(0, 3).some((c) => c.country === t.country)) top3++;
    let b = 0;
    let seen = false;
    for (const c of r.candidates) {
      if (c.country === t.country) {
        b += (1 - c.probability) ** 2;
        seen = true;
      } else b += c.probability ** 2;
    }
    brier += seen ? b : b + 1;
  }
  const n = truth.length;
  return {
    actors: n,
    answered,
    correct,
    precision: answered === 0 ? 1 : correct / answered,
    coverage: n === 0 ? 0 : answered / n,
    top1: n === 0 ? 0 : top1 / n,
    top3: n === 0 ? 0 : top3 / n,
    brier: n === 0 ? 0 : brier / n,
    ece: n === 0 ? 0 : bins.reduce((e, b) => e + Math.abs(b.hit - b.conf), 0) / n,
  };
}

/** Target ranking quality: how many true producers are in the top 2 × (number of producers). */
export function scoreTargets(
  producers: readonly string[],
  ranked: readonly string[],
): { producers: number; k: number; found: number; missing: string[]; allInTop: boolean } {
  const k = 2 * producers.length;
  const top = new Set(ranked.slice(0, k));
  const missing = producers.filter((p) => !top.has(p)).sort();
  return {
    producers: producers.length,
    k,
    found: producers.length - missing.length,
    missing,
    allInTop: missing.length === 0,
  };
}
