import { AppError } from '../domain/errors.js';

/** A page of a list: the items and the opaque cursor of the next page (null on the last). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** One part of a sort key. */
type KeyPart = string | number;

/** The opaque cursor of a sort key: base64url of its JSON. */
export function encodeCursor(key: readonly KeyPart[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key of a cursor, checked against the list's key shape (USAGE when it is not one of this list's). */
export function decodeCursor<const S extends readonly ('string' | 'number')[]>(
  cursor: string | undefined,
  shape: S,
): { [I in keyof S]: S[I] extends 'number' ? number : string } | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    key.some((k, i) => typeof k !== shape[i] || (typeof k === 'number' && !Number.isFinite(k)))
  )
    throw new AppError('USAGE', `cursor '${cursor.slice(0, 40)}': not a cursor of this list`);
  return key as { [I in keyof S]: S[I] extends 'number' ? number : string };
}

/**
 * A page from the items fetched after the cursor: ask for `limit + 1`, keep `limit`; the next cursor is the key of
 * the last kept item when more remain.
 */
export function pageOf<T>(
  fetched: readonly T[],
  limit: number,
  keyOf: (t: T) => readonly KeyPart[],
): Page<T> {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: fetched.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
