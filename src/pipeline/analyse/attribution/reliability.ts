/**
 * Signal reliability from the case: on actors with several kinds of evidence, each signal is checked against the
 * confident answer of the actor's other signals (leave-that-signal-out posterior ≥ REFERENCE_CONFIDENCE). From these
 * checks we report the agreement rate and fit, per signal, a factor f on its misleading probability α (α' = f·α,
 * maximum likelihood of the reference countries with a log-normal pull towards f = 1, so a few checks move little).
 */
import { candidateCountries } from './countries.js';
import { itemLikelihood, softmaxInto } from './loglik.js';
import type { EvidenceItem, SignalName } from './types.js';

/** Leave-one-signal-out posterior from which the other signals count as a reference. */
export const REFERENCE_CONFIDENCE = 0.9;
/** A signal agrees with the reference when it does not argue against it by more than this likelihood ratio. */
export const AGREEMENT_RATIO = 4;
/** Strength of the pull of log f towards 0 (λ·(ln f)², in nats). */
export const FACTOR_PULL = 1;
/** Bounds of f and of the tempered α. */
export const FACTOR_RANGE: readonly [number, number] = [0.1, 8];
export const ALPHA_RANGE: readonly [number, number] = [0.02, 0.95];

/** One actor's informative items grouped by signal, with each group's summed log-likelihood vector. */
export interface ActorGroups {
  readonly total: Float64Array;
  readonly groups: ReadonlyArray<{
    readonly signal: SignalName;
    readonly items: readonly EvidenceItem[];
    readonly ll: Float64Array;
  }>;
}

/** What the case showed about one signal. */
export interface SignalReliability {
  /** Items checked against a confident reference. */
  readonly checks: number;
  readonly agreements: number;
  /** agreements / checks (null without checks). */
  readonly agreement: number | null;
  /** f: α used = f · α of the extractor (clamped to ALPHA_RANGE). */
  readonly factor: number;
  /** Mean α of the extractor and mean α used over the checked items (null without checks). */
  readonly specAlpha: number | null;
  readonly alpha: number | null;
}

interface Check {
  readonly p: number;
  readonly q: number;
  readonly a: number;
  readonly w: number;
}

/** α used for an extractor's α under factor f. */
export function temperedAlpha(specAlpha: number, f: number): number {
  return Math.min(ALPHA_RANGE[1], Math.max(Math.min(ALPHA_RANGE[0], specAlpha), f * specAlpha));
}

function maxLikelihood(it: EvidenceItem): number {
  let m = it.otherwise;
  for (const v of Object.values(it.countries)) if (v > m) m = v;
  return (1 - it.alpha) * m + it.alpha * it.background;
}

/** Fit f for one signal's checks (golden-section search on ln f; deterministic). */
export function fitFactor(checks: readonly Check[]): number {
  if (checks.length === 0) return 1;
  const score = (lf: number): number => {
    const f = Math.exp(lf);
    let s = -FACTOR_PULL * lf * lf;
    for (const c of checks) {
      const a = temperedAlpha(c.a, f);
      s += c.w * Math.log(Math.max((1 - a) * c.p + a * c.q, 1e-300));
    }
    return s;
  };
  let lo = Math.log(FACTOR_RANGE[0]);
  let hi = Math.log(FACTOR_RANGE[1]);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const m1 = hi - g * (hi - lo);
    const m2 = lo + g * (hi - lo);
    if (score(m1) >= score(m2)) hi = m2;
    else lo = m1;
  }
  return Math.round(Math.exp((lo + hi) / 2) * 1e4) / 1e4;
}

/** Estimate every signal's reliability from the actors' evidence under the current prior (log π, or uniform). */
export function estimateReliability(
  actors: readonly ActorGroups[],
  logPrior: Float64Array | null,
): Partial<Record<SignalName, SignalReliability>> {
  const cs = candidateCountries();
  const post = new Float64Array(cs.length);
  const rest = new Float64Array(cs.length);
  const checks = new Map<SignalName, Check[]>();
  const agree = new Map<SignalName, number>();
  for (const a of actors) {
    if (a.groups.length < 2) continue;
    for (const g of a.groups) {
      for (let i = 0; i < rest.length; i++) rest[i] = a.total[i]! - g.ll[i]!;
      const top = softmaxInto(rest, logPrior, post);
      if (post[top]! < REFERENCE_CONFIDENCE) continue;
      const ref = cs[top]!;
      const list = checks.get(g.signal) ?? [];
      checks.set(g.signal, list);
      for (const it of g.items) {
        const spec = { ...it, alpha: it.specAlpha ?? it.alpha };
        list.push({ p: it.countries[ref] ?? it.otherwise, q: it.background, a: spec.alpha, w: it.weight });
        if (itemLikelihood(spec, ref) * AGREEMENT_RATIO >= maxLikelihood(spec))
          agree.set(g.signal, (agree.get(g.signal) ?? 0) + 1);
      }
    }
  }
  const out: Partial<Record<SignalName, SignalReliability>> = {};
  for (const [signal, list] of [...checks].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const f = fitFactor(list);
    const n = list.length;
    const mean = (xs: number[]): number => Math.round((xs.reduce((s, x) => s + x, 0) / n) * 1e4) / 1e4;
    out[signal] = {
      checks: n,
      agreements: agree.get(signal) ?? 0,
      agreement: Math.round(((agree.get(signal) ?? 0) / n) * 1e4) / 1e4,
      factor: f,
      specAlpha: mean(list.map((c) => c.a)),
      alpha: mean(list.map((c) => temperedAlpha(c.a, f))),
    };
  }
  return out;
}
