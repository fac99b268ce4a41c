import { candidateCountries } from './countries.js';
import {
  SIGNAL_KIND,
  type Attribution,
  type Candidate,
  type EvidenceItem,
  type ReportedEvidence,
  type SignalName,
} from './types.js';

/** Abstain when the top posterior is below this (spec §6.1). */
export const DEFAULT_THRESHOLD = 0.6;
/** Signals that alone never justify an answer (spec §6.1: "only weak signals exist"). */
export const WEAK_SIGNALS: ReadonlySet<SignalName> = new Set(['language', 'timezone']);

/** Options of the combination. */
export interface CombineOptions {
  /** Abstention threshold on the top posterior. */
  readonly threshold?: number;
  /** Prior π(c) (unnormalised); absent = uniform over the candidates. */
  readonly prior?: Readonly<Record<string, number>>;
  /** How many candidates to report. */
  readonly top?: number;
}

/** L_s(c) = (1 − α)·P_s(obs | c) + α·Q_s(obs). */
export function likelihood(item: EvidenceItem, country: string): number {
  const p = item.countries[country] ?? item.otherwise;
  return (1 - item.alpha) * p + item.alpha * item.background;
}

function posterior(items: readonly EvidenceItem[], prior: CombineOptions['prior']): Array<[string, number]> {
  const cs = candidateCountries();
  const logs = cs.map((c) => {
    let l = Math.log(prior ? Math.max(prior[c] ?? 0, 1e-9) : 1);
    for (const it of items) if (it.weight > 0) l += it.weight * Math.log(Math.max(likelihood(it, c), 1e-300));
    return l;
  });
  const max = Math.max(...logs);
  const ex = logs.map((l) => Math.exp(l - max));
  const z = ex.reduce((a, b) => a + b, 0);
  return cs
    .map((c, i): [string, number] => [c, ex[i]! / z])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const round = (x: number, d = 6): number => Math.round(x * 10 ** d) / 10 ** d;

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
    const bits =
      it.weight > 0 ? it.weight * (Math.log2(likelihood(it, c1)) - Math.log2(likelihood(it, c2))) : 0;
    return {
      signal: it.signal,
      kind: SIGNAL_KIND[it.signal],
      value: it.value,
      reliability: round(1 - it.alpha, 4),
      weight: round(it.weight, 4),
      countries: topCountries(it.countries),
      bits: round(bits, 3),
      likelihoodRatio: round(2 ** bits, 3),
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
  let reason: string | null = null;
  if (informative.length === 0) reason = 'no evidence';
  else if (strong.length === 0) reason = 'only weak signals (language, activity hours)';
  else if (p1 < threshold) reason = `top posterior ${p1.toFixed(2)} < ${threshold}`;
  const candidates: Candidate[] = post
    .slice(0, opts.top ?? 5)
    .map(([country, probability]) => ({ country, probability: round(probability) }));
  const originItems = informative.filter((it) => SIGNAL_KIND[it.signal] === 'origin');
  const origin = originItems.length > 0 ? posterior(originItems, undefined)[0]! : null;
  return {
    actor,
    country: reason ? null : c1,
    probability: round(p1),
    abstained: reason !== null,
    reason,
    candidates,
    origin: origin ? { country: origin[0], probability: round(origin[1]) } : null,
    evidence,
  };
}

function topCountries(cs: Readonly<Record<string, number>>): Record<string, number> {
  const entries = Object.entries(cs).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(entries.slice(0, 8).map(([c, p]) => [c, round(p, 4)]));
}
