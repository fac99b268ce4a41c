import type { TargetItem } from '../app/list-targets.js';

type StoredAttribution = NonNullable<TargetItem['attribution']>;

/** `MX 1.00` (country and probability), `abstained`, or `-` when no attribution was computed. */
export function countryText(a: unknown): string {
  const at = a as Partial<StoredAttribution> | null | undefined;
  if (!at) return '-';
  if (at.abstained || !at.country) return 'abstained';
  return `${at.country} ${(at.probability ?? 0).toFixed(2)}`;
}

/** A number with a fixed count of decimals, or `-`. */
export const fixed = (n: number | null | undefined, digits: number): string =>
  n === null || n === undefined ? '-' : n.toFixed(digits);

/** The top factors of a score, by contribution: `newClusters 37.3, reach 7.2`. */
export function topFactors(factors: readonly unknown[], n = 3): string {
  return (factors as { name: string; contribution: number }[])
    .filter((f) => f.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, n)
    .map((f) => `${f.name} ${f.contribution.toFixed(1)}`)
    .join(', ');
}
