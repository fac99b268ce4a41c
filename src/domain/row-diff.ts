/** A row read by name: canonical values only (text, integers, reals, nulls). */
export type Row = Readonly<Record<string, string | number | null>>;

/** The first place two ordered row streams disagree. */
export interface RowDifference {
  /** `row-changed`: same key, a field differs; `row-missing`: expected, not found; `row-added`: found, not expected. */
  readonly kind: 'row-changed' | 'row-missing' | 'row-added';
  /** The row as expected (replayed from evidence), null for an added row. */
  readonly expected: Row | null;
  /** The row as found in the case, null for a missing row. */
  readonly found: Row | null;
  /** The first differing column of a changed row. */
  readonly field: string | null;
}

/** SQLite's order on canonical values: NULL < numbers < text (text by code point). */
export function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const compareKey = (a: Row, b: Row, key: readonly string[]): number => {
  for (const k of key) {
    const c = compareValues(a[k] ?? null, b[k] ?? null);
    if (c !== 0) return c;
  }
  return 0;
};

/**
 * Walk two row streams sorted by `key` (then by the rest) and return the first difference: a row with the same key
 * and another value, a row only expected, or a row only found. Null when they are the same.
 */
export function firstDifference(
  expected: Iterable<Row>,
  found: Iterable<Row>,
  key: readonly string[],
): RowDifference | null {
  const e = expected[Symbol.iterator]();
  const f = found[Symbol.iterator]();
  try {
    return walk(e, f, key);
  } finally {
    // Close both streams (an open statement iterator keeps its database connection busy).
    e.return?.();
    f.return?.();
  }
}

function walk(e: Iterator<Row>, f: Iterator<Row>, key: readonly string[]): RowDifference | null {
  let a = e.next();
  let b = f.next();
  while (!a.done || !b.done) {
    if (a.done) return { kind: 'row-added', expected: null, found: b.value as Row, field: null };
    if (b.done) return { kind: 'row-missing', expected: a.value, found: null, field: null };
    const c = compareKey(a.value, b.value, key);
    if (c < 0) return { kind: 'row-missing', expected: a.value, found: null, field: null };
    if (c > 0) return { kind: 'row-added', expected: null, found: b.value, field: null };
    const field = Object.keys(a.value).find((k) => a.value[k] !== b.value[k]) ?? null;
    if (field !== null) return { kind: 'row-changed', expected: a.value, found: b.value, field };
    a = e.next();
    b = f.next();
  }
  return null;
}
