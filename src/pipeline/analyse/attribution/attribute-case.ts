/**
 * Attribution of a whole case: evidence per actor, then the case's own signal reliabilities and population prior
 * (estimated together, alternately, until the reliabilities settle), then the combination with the calibration map.
 * Pure and deterministic: the same actors and settings give the same results and the same recorded model.
 */
import { candidateCountries } from './countries.js';
import { combine } from './combine.js';
import { extractEvidence, type AttributionSettings } from './attribute.js';
import { itemLogLik } from './loglik.js';
import { empiricalPrior, withCaseBackground, type EmpiricalPrior, type PriorOptions } from './prior.js';
import {
  estimateReliability,
  temperedAlpha,
  type ActorGroups,
  type SignalReliability,
} from './reliability.js';
import { SHIPPED_CALIBRATION, describeCalibration, type CalibrationMap } from './calibration.js';
import type { ActorSignals, Attribution, EvidenceItem, SignalName } from './types.js';

/** Abstain when the calibrated probability of the top country is below this: an answer is right this often. */
export const CALIBRATED_THRESHOLD = 0.9;
/** Rounds of (prior, reliability) re-estimation at most; they stop when no factor moves by more than 1 %. */
export const MODEL_ROUNDS = 6;

/** Settings of a case run (defaults: everything on, the shipped calibration). */
export interface CaseAttributionSettings extends AttributionSettings {
  /** Estimate signal reliabilities from the case (default true). */
  readonly caseReliability?: boolean;
  /** Learn the population prior (default true; false = uniform, or `prior` when given). */
  readonly empiricalPrior?: boolean | PriorOptions;
  /** Calibration map (default the shipped one; null = raw posteriors, for fitting a new map). */
  readonly calibration?: CalibrationMap | null;
}

/** What a case run learned, recorded with the run so that each result can be explained and replayed. */
export interface CaseModel {
  readonly threshold: number;
  readonly prior: {
    readonly method: string;
    readonly floor: number;
    readonly confidentActors: number;
    readonly iterations: number;
    readonly converged: boolean;
    /** π(c) of every country above the floor, largest first. */
    readonly countries: Readonly<Record<string, number>>;
  } | null;
  readonly reliability: Readonly<Partial<Record<SignalName, SignalReliability>>>;
  readonly rounds: number;
  readonly calibration: Record<string, unknown> | null;
}

const signalsOf = (items: readonly EvidenceItem[]): SignalName[] =>
  [...new Set(items.filter((it) => it.weight > 0).map((it) => it.signal))].sort();

function temper(items: readonly EvidenceItem[], f: Partial<Record<SignalName, number>>): EvidenceItem[] {
  return items.map((it) => {
    const factor = f[it.signal];
    if (factor === undefined || factor === 1) return it;
    return { ...it, alpha: temperedAlpha(it.alpha, factor), specAlpha: it.alpha };
  });
}

function groupsOf(items: readonly EvidenceItem[]): ActorGroups {
  const k = candidateCountries().length;
  const total = new Float64Array(k);
  const groups = signalsOf(items).map((signal) => {
    const its = items.filter((it) => it.signal === signal && it.weight > 0);
    const ll = new Float64Array(k);
    for (const it of its) {
      const v = itemLogLik(it);
      for (let i = 0; i < k; i++) ll[i]! += v[i]!;
    }
    for (let i = 0; i < k; i++) total[i]! += ll[i]!;
    return { signal, items: its, ll };
  });
  return { total, groups };
}

function describePrior(p: EmpiricalPrior): NonNullable<CaseModel['prior']> {
  const cs = candidateCountries();
  const above = [...p.prior]
    .map((v, i): [string, number] => [cs[i]!, v])
    .filter(([, v]) => v > p.floor * 1.000001)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    method: 'empirical Bayes over confidently attributed actors (uniform start, Dirichlet floor)',
    floor: p.floor,
    confidentActors: p.confident,
    iterations: p.iterations,
    converged: p.converged,
    countries: Object.fromEntries(above),
  };
}

/** Largest change of π(c) between two priors, in absolute terms (1 when there was none before). */
function priorShift(before: Float64Array | null, after: Float64Array): number {
  if (!before) return 1;
  let d = 0;
  for (let i = 0; i < after.length; i++) d = Math.max(d, Math.abs(after[i]! - before[i]!));
  return d;
}

/** Attribute every actor of a case; `onEvidence(done, total)` reports the evidence extraction (the slow part). */
export function attributeCase(
  actors: readonly ActorSignals[],
  s: CaseAttributionSettings = {},
  onEvidence?: (done: number, total: number) => void,
): { results: Attribution[]; model: CaseModel } {
  const evidence = actors.map((a, i) => {
    const items = extractEvidence(a, s);
    if (onEvidence && (i % 200 === 0 || i === actors.length - 1)) onEvidence(i + 1, actors.length);
    return items;
  });
  return attributeEvidence(
    actors.map((a) => a.actor),
    evidence,
    s,
  );
}

/** The same from evidence already extracted (one list per actor): fitting and benchmarks re-run the model on it. */
export function attributeEvidence(
  ids: readonly string[],
  evidence: ReadonlyArray<readonly EvidenceItem[]>,
  s: CaseAttributionSettings = {},
): { results: Attribution[]; model: CaseModel } {
  const informative = evidence.map((items) => items.some((it) => it.weight > 0));
  const usePrior = s.empiricalPrior !== false;
  const priorOpts = typeof s.empiricalPrior === 'object' ? s.empiricalPrior : {};
  let factors: Partial<Record<SignalName, number>> = {};
  let reliability: Partial<Record<SignalName, SignalReliability>> = {};
  let prior: EmpiricalPrior | null = null;
  // The prior of the previous round, which sets the origin signals' background (prior.ts withCaseBackground).
  let seen: Float64Array | null = null;
  let rounds = 0;
  for (;;) {
    rounds++;
    const groups = evidence
      .filter((_, i) => informative[i])
      .map((items) => groupsOf(temper(withCaseBackground(items, seen), factors)));
    prior = usePrior
      ? empiricalPrior(
          groups.map((g) => g.total),
          priorOpts,
        )
      : null;
    const priorMoved = prior !== null && priorShift(seen, prior.prior) > 0.01;
    seen = prior?.prior ?? null;
    if (s.caseReliability === false) {
      if (!priorMoved || rounds >= MODEL_ROUNDS) break;
      continue;
    }
    reliability = estimateReliability(groups, prior ? prior.prior.map((p) => Math.log(p)) : null);
    const next = Object.fromEntries(Object.entries(reliability).map(([k, r]) => [k, r.factor]));
    const moved = Object.keys({ ...next, ...factors }).some(
      (k) => Math.abs(Math.log((next[k] ?? 1) / (factors[k as SignalName] ?? 1))) > 0.01,
    );
    if ((!moved && !priorMoved) || rounds >= MODEL_ROUNDS) break;
    factors = next;
  }
  const calibration = s.calibration === undefined ? SHIPPED_CALIBRATION : s.calibration;
  const threshold = s.threshold ?? (calibration ? CALIBRATED_THRESHOLD : 0.6);
  const priorRecord = prior
    ? Object.fromEntries(candidateCountries().map((c, i) => [c, prior.prior[i]!]))
    : s.prior;
  const results = ids.map((id, i) =>
    combine(id, temper(withCaseBackground(evidence[i]!, seen), factors), {
      ...s,
      threshold,
      prior: priorRecord,
      calibration,
      weakOnlyAbstains: calibration === null,
    }),
  );
  return {
    results,
    model: {
      threshold,
      prior: prior ? describePrior(prior) : null,
      reliability,
      rounds,
      calibration: calibration ? describeCalibration(calibration) : null,
    },
  };
}
