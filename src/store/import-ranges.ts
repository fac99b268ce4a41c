import { createHash } from 'node:crypto';

/** First/last time ranges the import writer aggregates over a source (names, titles, posting). */

/** A first/last time range. */
export interface Range {
  first: number | null;
  last: number | null;
}

/** The smaller of two times, null meaning unknown. */
export const min = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
/** The larger of two times, null meaning unknown. */
export const max = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);
/** A map key of several parts. */
export const key = (...parts: (string | number | null)[]): string =>
  parts.map((p) => (p === null ? '' : String(p))).join('\u0000');
/** The id of a membership row from its identifying parts. */
export const memberId = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** Widen the range at map[a][b] to include `at` (nested maps: no key string per message). */
export function widen(map: Map<string, Map<string, Range>>, a: string, b: string, at: number | null): void {
  let inner = map.get(a);
  if (!inner) map.set(a, (inner = new Map()));
  const e = inner.get(b);
  if (e) {
    e.first = min(e.first, at);
    e.last = max(e.last, at);
  } else inner.set(b, { first: at, last: at });
}

/** Every range as [a, b, range], in insertion order. */
export const flatRanges = (map: Map<string, Map<string, Range>>): [string, string, Range][] =>
  [...map].flatMap(([a, inner]) => [...inner].map(([b, r]): [string, string, Range] => [a, b, r]));
