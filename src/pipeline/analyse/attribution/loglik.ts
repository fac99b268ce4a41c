/** Log-likelihood vectors over the candidate countries: the arithmetic shared by combination, reliability and prior. */
import { candidateCountries } from './countries.js';
import type { EvidenceItem } from './types.js';

let index: Map<string, number> | undefined;

/** Position of each candidate country in the vectors (candidateCountries() order). */
export function countryIndex(): ReadonlyMap<string, number> {
  if (!index) index = new Map(candidateCountries().map((c, i) => [c, i]));
  return index;
}

/** L(c) = (1 − α)·P(obs | c) + α·Q(obs), with α given (the item's own by default). */
export function itemLikelihood(item: EvidenceItem, country: string, alpha = item.alpha): number {
  const p = item.countries[country] ?? item.otherwise;
  return (1 - alpha) * p + alpha * item.background;
}

/** w·log L(c) for every candidate country (α given, the item's own by default). */
export function itemLogLik(item: EvidenceItem, alpha = item.alpha): Float64Array {
  const cs = candidateCountries();
  const idx = countryIndex();
  const out = new Float64Array(cs.length);
  const base =
    item.weight * Math.log(Math.max((1 - alpha) * item.otherwise + alpha * item.background, 1e-300));
  out.fill(base);
  for (const [c, p] of Object.entries(item.countries)) {
    const i = idx.get(c);
    if (i !== undefined)
      out[i] = item.weight * Math.log(Math.max((1 - alpha) * p + alpha * item.background, 1e-300));
  }
  return out;
}

/** Σ of the informative items' vectors (weight > 0), each at its own α. */
export function sumLogLik(items: readonly EvidenceItem[]): Float64Array {
  const out = new Float64Array(candidateCountries().length);
  for (const it of items) {
    if (it.weight <= 0) continue;
    const v = itemLogLik(it);
    for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
  }
  return out;
}

/** Normalised posterior exp(logPrior + ll) (uniform prior when absent), written into `out`; returns the top index. */
export function softmaxInto(ll: Float64Array, logPrior: Float64Array | null, out: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < ll.length; i++) {
    const v = ll[i]! + (logPrior ? logPrior[i]! : 0);
    out[i] = v;
    if (v > max) max = v;
  }
  let z = 0;
  for (let i = 0; i < out.length; i++) z += out[i] = Math.exp(out[i]! - max);
  let top = 0;
  for (let i = 0; i < out.length; i++) {
    out[i]! /= z;
    if (out[i]! > out[top]!) top = i;
  }
  return top;
}
