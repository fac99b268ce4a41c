// Matches of media against hash-list entries and the figures derived from them (media status: media-status.ts).
import { sql } from 'kysely';
import type { StoreQ } from './port.js';

export type { MediaStatus } from '../domain/media-status.js';

/** A PDQ or vPDQ match found in memory, ready to store. */
export interface NearMatchRow {
  readonly sha256: string;
  readonly entryId: number;
  readonly listName: string;
  readonly signalType: string;
  readonly convention: string;
  readonly distance: number;
  readonly variant: string;
}

/** Delete matches (all, or of one list) before a recomputation. */
export async function clearMatches(q: StoreQ, listName?: string): Promise<void> {
  let d = q.db.deleteFrom('match');
  if (listName !== undefined) d = d.where('list_name', '=', listName);
  await d.execute();
}

/**
 * Store exact matches of md5/sha1/sha256 media signals (all lists, or one) in one INSERT … SELECT: the entries are
 * scanned and each probes the signal (type, value) index. Returns how many were added.
 */
export async function insertExactMatches(q: StoreQ, runId: string, listName?: string): Promise<number> {
  const r = await q.db
    .insertInto('match')
    .columns([
      'sha256',
      'entry_id',
      'list_name',
      'signal_type',
      'convention',
      'distance',
      'variant',
      'run_id',
    ])
    .expression((eb) => {
      let s = eb
        .selectFrom('hash_list_entry as e')
        .innerJoin('signal as s', (j) =>
          j.onRef('s.type', '=', 'e.signal_type').onRef('s.value', '=', 'e.value'),
        )
        .select([
          's.sha256',
          'e.id',
          'e.list_name',
          'e.signal_type',
          's.convention',
          sql<number>`0`.as('distance'),
          sql<string>`'orig'`.as('variant'),
          sql<string>`${runId}`.as('run_id'),
        ])
        .where('e.signal_type', 'in', ['md5', 'sha1', 'sha256']);
      if (listName !== undefined) s = s.where('e.list_name', '=', listName);
      return s;
    })
    .onConflict((oc) => oc.columns(['sha256', 'entry_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Visit every entry of a signal type (all lists, or one) as [entry id, list name, value], in id order, by pages. */
export async function forEachEntry(
  q: StoreQ,
  signalType: string,
  visit: (id: number, list: string, value: string) => void,
  listName?: string,
): Promise<number> {
  let last = 0;
  let n = 0;
  for (;;) {
    let s = q.db
      .selectFrom('hash_list_entry')
      .select(['id', 'list_name', 'value'])
      .where('signal_type', '=', signalType)
      .where('id', '>', last)
      .orderBy('id')
      .limit(20000);
    if (listName !== undefined) s = s.where('list_name', '=', listName);
    const rows = await s.execute();
    for (const r of rows) visit(r.id, r.list_name, r.value);
    n += rows.length;
    if (rows.length < 20000) return n;
    last = rows[rows.length - 1]!.id;
  }
}

/** A media PDQ signal: the stored hash, its quality, and the 8 dihedral hashes when the hasher stored them. */
export interface MediaPdq {
  readonly sha256: string;
  readonly convention: string;
  readonly value: string;
  readonly quality: number | null;
  readonly dihedral: string | null;
}

/** Every media PDQ signal, with its dihedral row (`dihedralType`, comma-separated, orig first) when present. */
export function listMediaPdq(q: StoreQ, dihedralType: string): Promise<MediaPdq[]> {
  return q.db
    .selectFrom('signal as p')
    .leftJoin('signal as d', (j) =>
      j
        .onRef('d.sha256', '=', 'p.sha256')
        .on('d.type', '=', dihedralType)
        .onRef('d.convention', '=', 'p.convention'),
    )
    .select(['p.sha256', 'p.convention', 'p.value', 'p.quality', 'd.value as dihedral'])
    .where('p.type', '=', 'pdq')
    .orderBy('p.sha256')
    .orderBy('p.convention')
    .execute();
}

/**
 * Store near matches, keeping per (media, entry) the smallest distance (ties: the first offered, then the one
 * already stored): the rows are reduced in memory, then upserted where they improve on a stored match.
 */
export async function insertNearMatches(
  q: StoreQ,
  runId: string,
  rows: readonly NearMatchRow[],
): Promise<void> {
  const best = new Map<string, NearMatchRow>();
  for (const r of rows) {
    const key = `${r.sha256} ${r.entryId}`;
    const had = best.get(key);
    if (!had || r.distance < had.distance) best.set(key, r);
  }
  const all = [...best.values()];
  for (let i = 0; i < all.length; i += 500) {
    await q.db
      .insertInto('match')
      .values(
        all.slice(i, i + 500).map((r) => ({
          sha256: r.sha256,
          entry_id: r.entryId,
          list_name: r.listName,
          signal_type: r.signalType,
          convention: r.convention,
          distance: r.distance,
          variant: r.variant,
          run_id: runId,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['sha256', 'entry_id'])
          .doUpdateSet((eb) => ({
            distance: eb.ref('excluded.distance'),
            variant: eb.ref('excluded.variant'),
            convention: eb.ref('excluded.convention'),
            signal_type: eb.ref('excluded.signal_type'),
            run_id: eb.ref('excluded.run_id'),
          }))
          .whereRef('excluded.distance', '<', 'match.distance'),
      )
      .execute();
  }
}

/** A stored match with its entry, list and source, for explaining a media's status. */
export interface MatchDetailRow {
  readonly sha256: string;
  readonly entry_id: number;
  readonly list_name: string;
  readonly role: string;
  readonly list_version: number;
  readonly signal_type: string;
  readonly value: string;
  readonly category: string | null;
  readonly scheme: string | null;
  readonly record_id: string | null;
  readonly series: string | null;
  readonly line: number | null;
  /** `byte 1234`, or `line N` when only the line is stored (null when neither). */
  readonly position: string | null;
  readonly distance: number;
  readonly variant: string;
  readonly convention: string;
  readonly run_id: string | null;
  readonly source_id: string;
  readonly source_sha256: string;
  readonly source_path: string;
}

/** Matches of the given media (all media when absent), ordered by media, distance, list, entry. */
export async function listMatchDetails(
  q: StoreQ,
  sha256?: string | readonly string[],
): Promise<MatchDetailRow[]> {
  let s = q.db
    .selectFrom('match as x')
    .innerJoin('hash_list_entry as e', 'e.id', 'x.entry_id')
    .innerJoin('hash_list as l', 'l.name', 'x.list_name')
    .innerJoin('hash_list_version as v', (j) =>
      j.onRef('v.list_name', '=', 'e.list_name').onRef('v.version', '=', 'e.version'),
    )
    .innerJoin('source as src', 'src.id', 'v.source_id')
    .select([
      'x.sha256',
      'x.entry_id',
      'x.list_name',
      'l.role',
      'e.version as list_version',
      'x.signal_type',
      'e.value',
      'e.category',
      'e.scheme',
      'e.record_id',
      'e.series',
      'e.line',
      'e.position',
      'x.distance',
      'x.variant',
      'x.convention',
      'x.run_id',
      'l.source_id',
      'src.sha256 as source_sha256',
      'src.original_path as source_path',
    ]);
  if (typeof sha256 === 'string') s = s.where('x.sha256', '=', sha256);
  else if (sha256 !== undefined) s = s.where('x.sha256', 'in', sha256.length ? [...sha256] : ['']);
  const rows = await s
    .orderBy('x.sha256')
    .orderBy('x.distance')
    .orderBy('x.list_name')
    .orderBy('x.entry_id')
    .execute();
  return rows.map((r) => ({ ...r, position: r.position ?? (r.line === null ? null : `line ${r.line}`) }));
}

/** One occurrence of a media in a chat. */
export interface OccurrenceRow {
  readonly chat_id: string;
  readonly message_id: number;
  readonly role: string;
  readonly path: string;
  readonly source_id: string;
}

/** Occurrences of one media (chat, message, path, source), in chat/message order. */
export function listOccurrences(q: StoreQ, sha256: string): Promise<OccurrenceRow[]> {
  return q.db
    .selectFrom('media_occurrence')
    .select(['chat_id', 'message_id', 'role', 'path', 'source_id'])
    .where('sha256', '=', sha256)
    .orderBy('chat_id')
    .orderBy('message_id')
    .orderBy('role')
    .orderBy('source_id')
    .execute();
}

/** Number of stored matches. */
export async function countMatches(q: StoreQ): Promise<number> {
  const r = await q.db
    .selectFrom('match')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
