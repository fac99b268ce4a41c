// vPDQ inputs: vpdq list entries and case videos' vpdq signals (the vPDQ stage's matches are stored as near matches).
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { StoreQ } from './port.js';
import { forEachEntry } from './matches.js';

/** Every vpdq entry (all lists, or one) as [entry id, list name, value], in id order. */
export async function listVpdqEntries(
  q: StoreQ,
  listName?: string,
): Promise<{ id: number; list_name: string; value: string }[]> {
  const out: { id: number; list_name: string; value: string }[] = [];
  await forEachEntry(q, 'vpdq', (id, list_name, value) => out.push({ id, list_name, value }), listName);
  return out;
}

/** Every media vpdq signal (sha256, size convention, frames text), or one media's, in sha256 order. */
export function listMediaVpdqRows(
  q: StoreQ,
  sha256?: string | readonly string[],
): Promise<{ sha256: string; convention: string; value: string }[]> {
  return mediaVpdqQuery(q.db, sha256).execute();
}

/** The query of media vpdq signals (of one media, or all), in sha256 then convention order. */
export function mediaVpdqQuery(db: Kysely<DB>, sha256?: string | readonly string[]) {
  let s = db.selectFrom('signal').select(['sha256', 'convention', 'value']).where('type', '=', 'vpdq');
  if (typeof sha256 === 'string') s = s.where('sha256', '=', sha256);
  else if (sha256 !== undefined) s = s.where('sha256', 'in', sha256.length ? [...sha256] : ['']);
  return s.orderBy('sha256').orderBy('convention');
}
