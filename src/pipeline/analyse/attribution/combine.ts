import { candidateCountries } from './countries.js';
import { itemLikelihood, softmaxInto, sumLogLik } from './loglik.js';
import { calibrate, type CalibrationMap } from './calibration.js';
import {
  SIGNAL_KIND,
  type Attribution,
  type Candidate,
  type EvidenceItem,
  type ReportedEvidence,
  type SignalName,
} from './types.js';

/** Abstain when the top posterior is below this (spec §6.1; uncalibrated single-actor use). */
export const DEFAULT_THRESHOLD = 0.6;
/** Signals that alone never justify an uncalibrated answer (spec §6.1: "only weak signals exist"). */
export const WEAK_SIGNALS: ReadonlySet<SignalName> = new Set(['language', 'timezone']);

/** Options of the combination. */
export interface CombineOptions {
  /** Abstention threshold on the top probability (calibrated when `calibration` is given). */
  readonly threshold?: number;
  /** Prior π(c) (unnormalised); absent = uniform over the candidates. */
  readonly prior?: Readonly<Record<string, number>>;
  /** How many candidates to report. */
  readonly top?: number;
  /** Map applied to the top posterior (calibration.ts); absent = the model's posterior as is. */
  readonly calibration?: CalibrationMap | null;
  /** Abstain when only language and activity hours exist (default true; a calibrated run decides by probability). */
  readonly weakOnlyAbstains?: boolean;
}

/** L_s(c) = (1 − α)·P_s(obs | c) + α·Q_s(obs). */
export function likelihood(item: EvidenceItem, country: string): number {
  return itemLikelihood(item, country);
}

/** log π(c) over the candidates, or null for a uniform prior. */
export function logPriorOf(prior: CombineOptions['prior']): Float64Array | null {
  if (!prior) return null;
  return Float64Array.from(candidateCountries(), (c) => Math.log(Math.max(prior[c] ?? 0, 1e-9)));
}

function posterior(items: readonly EvidenceItem[], prior: CombineOptions['prior']): Array<[string, number]> {
  const cs = candidateCountries();
  const out = new Float64Array(cs.length);
  softmaxInto(sumLogLik(items), logPriorOf(prior), out);
  return cs
    .map((c, i): [string, number] => [c, out[i]!])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const round = (x: number, d = 6): number => Math.round(x * 10 ** d) / 10 ** d;

function bitsBetween(it: EvidenceItem, c1: string, c2: string, alpha: number): number {
  if (it.weight <= 0) return 0;
  return it.weight * (Math.log2(itemLikelihood(it, c1, alpha)) - Math.log2(itemLikelihood(it, c2, alpha)));
}

/** Reliability-smoothed, tempered naive Bayes over all ISO countries, with abstention and explained evidence. */
export function combine(
  actor: string,
  items: readonly EvidenceItem[],
  opts: CombineOptions = {},
): Attribution {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const post = posterior(items, opts.prior);
  const [c1, p1] = post[0]!;
  const c2 = post[1]![0];
  const evidence: ReportedEvidence[] = items.map((it) => {
    const bits = bitsBetween(it, c1, c2, it.alpha);
    const rawBits = bitsBetween(it, c1, c2, it.specAlpha ?? it.alpha);
    return {
      signal: it.signal,
      kind: SIGNAL_KIND[it.signal],
      value: it.value,
      reliability: round(1 - it.alpha, 4),
      specReliability: round(1 - (it.specAlpha ?? it.alpha), 4),
      weight: round(it.weight, 4),
      countries: topCountries(it.countries),
      bits: round(bits, 3),
      likelihoodRatio: round(2 ** bits, 3),
      rawBits: round(rawBits, 3),
      rawLikelihoodRatio: round(2 ** rawBits, 3),
      source: it.source,
      flags: it.flags ?? [],
    };
  });
  evidence.sort(
    (a, b) =>
      Math.abs(b.bits) - Math.abs(a.bits) ||
      (a.signal < b.signal ? -1 : a.signal > b.signal ? 1 : a.value < b.value ? -1 : 1),
  );
  const informative = items.filter((it) => it.weight > 0);
  const strong = informative.filter((it) => !WEAK_SIGNALS.has(it.signal));
  const p = opts.calibration ? calibrate(opts.calibration, p1) : p1;
  let reason: string | null = null;
  if (informative.length === 0) reason = 'no evidence';
  else if (strong.length === 0 && opts.weakOnlyAbstains !== false)
    reason = 'only weak signals (language, activity hours)';
  else if (p < threshold)
    reason = `top ${opts.calibration ? 'calibrated probability' : 'posterior'} ${p.toFixed(2)} < ${threshold}`;
  const candidates = reportCandidates(post, p, opts);
  const originItems = informative.filter((it) => SIGNAL_KIND[it.signal] === 'origin');
  const origin = originItems.length > 0 ? posterior(originItems, undefined)[0]! : null;
  return {
    actor,
    country: reason ? null : c1,
    probability: round(p),
    abstained: reason !== null,
    reason,
    candidates,
    origin: origin ? { country: origin[0], probability: round(origin[1]) } : null,
    evidence,
  };
}

/**
 * The top candidates. Calibrated: the top gets the calibrated probability, the others share what is left in
 * proportion to their posterior (never above the top), each with its raw posterior and prior for the explanation.
 */
function reportCandidates(post: Array<[string, number]>, p: number, opts: CombineOptions): Candidate[] {
  const top = post.slice(0, opts.top ?? 5);
  const p1 = post[0]![1];
  const rest = p1 < 1 ? (1 - p) / (1 - p1) : 0;
  const prior = opts.prior;
  const total = prior ? Object.values(prior).reduce((a, b) => a + b, 0) : 0;
  return top.map(([country, raw], i) => {
    const probability = !opts.calibration ? raw : i === 0 ? p : Math.min(p, raw * rest);
    return {
      country,
      probability: round(probability),
      ...(opts.calibration ? { raw: round(raw) } : {}),
      ...(prior && total > 0 ? { prior: round((prior[country] ?? 0) / total, 8) } : {}),
    };
  });
}

function topCountries(cs: Readonly<Record<string, number>>): Record<string, number> {
  const entries = Object.entries(cs).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(entries.slice(0, 8).map(([c, p]) => [c, round(p, 4)]));
}
