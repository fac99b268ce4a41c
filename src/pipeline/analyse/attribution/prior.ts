/**
 * The case's population prior by empirical Bayes: π(c) re-estimated from the posteriors of the confidently attributed
 * actors until it stops moving (EM for mixing proportions restricted to confident actors), starting from a uniform
 * prior (never from the case's home country), with a Dirichlet floor so that no country's prior is zero.
 */
import { countryIndex, softmaxInto } from './loglik.js';
import { SIGNAL_KIND, type EvidenceItem } from './types.js';

/** Raw posterior from which an actor counts towards the prior. */
export const PRIOR_CONFIDENCE = 0.9;
/** Dirichlet pseudo-count spread evenly over the countries: the floor, and the shrinkage of small cases. */
export const PRIOR_PSEUDO_COUNT = 5;
/** Iteration limit and convergence tolerance (largest change of any π(c)). */
export const PRIOR_MAX_ITERATIONS = 300;
export const PRIOR_TOLERANCE = 1e-7;

/** The learned prior and how it was reached. */
export interface EmpiricalPrior {
  /** π(c), normalised, in candidateCountries() order. */
  readonly prior: Float64Array;
  /** π of a country no confident actor supports. */
  readonly floor: number;
  /** Actors counted in the last iteration. */
  readonly confident: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Options of the estimate (the defaults above). */
export interface PriorOptions {
  readonly confidence?: number;
  readonly pseudoCount?: number;
  readonly maxIterations?: number;
}

/** Estimate the prior from each actor's summed log-likelihood vector (actors with informative evidence only). */
export function empiricalPrior(totals: readonly Float64Array[], opts: PriorOptions = {}): EmpiricalPrior {
  const conf = opts.confidence ?? PRIOR_CONFIDENCE;
  const pseudo = opts.pseudoCount ?? PRIOR_PSEUDO_COUNT;
  const maxIter = opts.maxIterations ?? PRIOR_MAX_ITERATIONS;
  const k = totals[0]?.length ?? 0;
  let prior = new Float64Array(k).fill(1 / Math.max(1, k));
  const post = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  let confident = 0;
  while (iterations < maxIter && k > 0) {
    iterations++;
    const logPrior = prior.map((p) => Math.log(p));
    const counts = new Float64Array(k);
    confident = 0;
    for (const t of totals) {
      const top = softmaxInto(t, logPrior, post);
      if (post[top]! < conf) continue;
      confident++;
      for (let i = 0; i < k; i++) counts[i]! += post[i]!;
    }
    const next = counts.map((n) => (n + pseudo / k) / (confident + pseudo));
    let change = 0;
    for (let i = 0; i < k; i++) change = Math.max(change, Math.abs(next[i]! - prior[i]!));
    prior = next;
    if (change < PRIOR_TOLERANCE) {
      converged = true;
      break;
    }
  }
  return { prior, floor: pseudo / k / (confident + pseudo), confident, iterations, converged };
}

/**
 * Origin signals (language, flags) mislead about residence mostly through people living abroad, whose origin is
 * drawn from the case's population, not from 250 countries alike: their background becomes Q_π(obs) = Σ_c π(c) ·
 * P(obs | c) under the learned prior (never below the extractor's own Q). Residence signals keep theirs.
 */
export function withCaseBackground(
  items: readonly EvidenceItem[],
  prior: Float64Array | null,
): EvidenceItem[] {
  if (!prior) return [...items];
  const idx = countryIndex();
  return items.map((it) => {
    if (SIGNAL_KIND[it.signal] !== 'origin' || it.weight <= 0) return it;
    let q = it.otherwise;
    for (const [c, p] of Object.entries(it.countries)) {
      const i = idx.get(c);
      if (i !== undefined) q += prior[i]! * (p - it.otherwise);
    }
    return q > it.background ? { ...it, background: q } : it;
  });
}
