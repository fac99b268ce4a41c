import type { StoreQ } from './port.js';
import type { AttributionTable } from './schema.js';
import { latestDecisions } from './triage.js';

/** One message as attribution reads it (authored regular messages only). */
export interface AttributionMessageRow {
  readonly author: string;
  readonly chat: string;
  readonly message: number;
  readonly dateUtc: number | null;
  readonly text: string | null;
  /** Phone number and names of a shared contact card, if the message carries one. */
  readonly contactPhone: string | null;
  readonly contactName: string | null;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

/** A shared contact card's phone and name from a message's details JSON (null when it has none). */
function contactOf(details: string | null): { phone: string | null; name: string | null } {
  if (details === null) return { phone: null, name: null };
  let card: Record<string, unknown> | undefined;
  try {
    const d = JSON.parse(details) as { contact_information?: unknown };
    const c = d.contact_information;
    card = c && typeof c === 'object' ? (c as Record<string, unknown>) : undefined;
  } catch {
    card = undefined;
  }
  if (!card) return { phone: null, name: null };
  const name = `${str(card['first_name']) ?? ''} ${str(card['last_name']) ?? ''}`.replace(/^ +| +$/g, '');
  return { phone: str(card['phone_number']) || null, name: name || null };
}

/** Authored regular messages, ordered by author, time, chat, id. */
export async function listAttributionMessages(q: StoreQ): Promise<AttributionMessageRow[]> {
  const rows = await q.db
    .selectFrom('message')
    .select((eb) => [
      'author_id',
      'chat_id',
      'message_id',
      'date_utc',
      'text',
      // Only contact-card messages carry their details out of the database (the JSON is parsed here, in JS).
      eb
        .case()
        .when('details', 'like', '%contact_information%')
        .then(eb.ref('details'))
        .else(null)
        .end()
        .as('card'),
    ])
    .where('author_id', 'is not', null)
    .where('type', '=', 'message')
    .orderBy('author_id')
    .orderBy('date_utc', (ob) => ob.asc().nullsFirst())
    .orderBy('chat_id')
    .orderBy('message_id')
    .execute();
  return rows.map((r) => {
    const c = contactOf(r.card);
    return {
      author: r.author_id as string,
      chat: r.chat_id,
      message: r.message_id,
      dateUtc: r.date_utc,
      text: r.text,
      contactPhone: c.phone,
      contactName: c.name,
    };
  });
}

/** Every display name observed per actor. */
export async function listActorNames(
  q: StoreQ,
): Promise<Array<{ actor: string; name: string; source: string }>> {
  const rows = await q.db
    .selectFrom('actor_name')
    .select(['actor_id', 'name', 'source_id'])
    .orderBy('actor_id')
    .orderBy('name')
    .orderBy('source_id')
    .execute();
  return rows.map((r) => ({ actor: r.actor_id, name: r.name, source: r.source_id }));
}

/**
 * EXIF GPS points of media each actor posted FIRST (the earliest non-forwarded occurrence of the file): a reposter
 * of someone else's picture says nothing about where the reposter is.
 */
export async function listActorGps(
  q: StoreQ,
): Promise<Array<{ actor: string; sha256: string; lat: number; lon: number }>> {
  const rows = await q.db
    .selectFrom('media_exif as e')
    .innerJoin('media_occurrence as o', 'o.sha256', 'e.sha256')
    .innerJoin('message as m', (j) =>
      j.onRef('m.chat_id', '=', 'o.chat_id').onRef('m.message_id', '=', 'o.message_id'),
    )
    .select(['m.author_id', 'e.sha256', 'e.gps_lat', 'e.gps_lon', 'm.forwarded_from'])
    .where('e.gps_lat', 'is not', null)
    .where('e.gps_lon', 'is not', null)
    .orderBy('e.sha256')
    .orderBy('m.date_utc', (ob) => ob.asc().nullsLast())
    .orderBy('m.chat_id')
    .orderBy('m.message_id')
    .execute();
  const out: Array<{ actor: string; sha256: string; lat: number; lon: number }> = [];
  let last = '';
  for (const r of rows) {
    if (r.sha256 === last) continue;
    last = r.sha256;
    if (r.author_id && r.forwarded_from === null && r.gps_lat !== null && r.gps_lon !== null)
      out.push({ actor: r.author_id, sha256: r.sha256, lat: r.gps_lat, lon: r.gps_lon });
  }
  return out.sort((a, b) => (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : a.sha256 < b.sha256 ? -1 : 1));
}

/** Ids of every actor (accounts the case knows). */
export async function listActorIds(q: StoreQ): Promise<string[]> {
  return (await q.db.selectFrom('actor').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** An attribution as stored and as `vigie actors --json` shows it (`country` null when abstained). */
export interface StoredAttribution {
  readonly country: string | null;
  readonly probability: number;
  readonly abstained: boolean;
  readonly reason: string | null;
  readonly candidates: ReadonlyArray<{ country: string; probability: number }>;
  readonly origin: { country: string; probability: number } | null;
  readonly evidence: readonly unknown[];
}

/** Row to write. */
export interface AttributionRowInput extends StoredAttribution {
  readonly actor: string;
}

/** Replace all attributions with this run's (derived data; call inside the run's transaction; bulk path). */
export async function replaceAttributions(
  q: StoreQ,
  runId: string,
  rows: readonly AttributionRowInput[],
): Promise<void> {
  await q.db.deleteFrom('attribution').execute();
  await q.bulk.insert(
    'attribution',
    [
      'actor_id',
      'country',
      'top_country',
      'probability',
      'abstained',
      'reason',
      'candidates',
      'origin',
      'evidence',
      'run_id',
    ],
    rows.map((r) => [
      r.actor,
      r.country,
      r.candidates[0]?.country ?? '',
      r.probability,
      r.abstained ? 1 : 0,
      r.reason,
      JSON.stringify(r.candidates),
      r.origin ? JSON.stringify(r.origin) : null,
      JSON.stringify(r.evidence),
      runId,
    ]),
  );
}

function fromRow(r: AttributionTable): StoredAttribution {
  return {
    country: r.abstained ? null : r.country,
    probability: r.probability,
    abstained: r.abstained === 1,
    reason: r.reason,
    candidates: JSON.parse(r.candidates) as StoredAttribution['candidates'],
    origin: r.origin ? (JSON.parse(r.origin) as StoredAttribution['origin']) : null,
    evidence: JSON.parse(r.evidence) as unknown[],
  };
}

/** Attribution per actor id (all, or the given actors), for the actors listing (`attribution` field). */
export async function attributionsByActor(
  q: StoreQ,
  actorIds?: readonly string[],
): Promise<Map<string, StoredAttribution>> {
  const out = new Map<string, StoredAttribution>();
  const base = q.db.selectFrom('attribution').selectAll().orderBy('actor_id');
  if (actorIds === undefined) {
    for (const r of await base.execute()) out.set(r.actor_id, fromRow(r));
    return out;
  }
  for (let i = 0; i < actorIds.length; i += 500)
    for (const r of await base.where('actor_id', 'in', actorIds.slice(i, i + 500)).execute())
      out.set(r.actor_id, fromRow(r));
  return out;
}

/** One actor's attribution, or undefined when none was computed. */
export async function getAttribution(q: StoreQ, actorId: string): Promise<StoredAttribution | undefined> {
  const r = await q.db
    .selectFrom('attribution')
    .selectAll()
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return r ? fromRow(r) : undefined;
}

/** For `vigie stats`: distinct confidently attributed countries, attributed and abstained actors, scored targets, accepted targets. */
export async function attributionStats(q: StoreQ): Promise<{
  countries: number;
  attributed: number;
  abstained: number;
  targets: number;
  acceptedTargets: number;
}> {
  const rows = await q.db.selectFrom('attribution').select(['country', 'abstained']).execute();
  const countries = new Set(rows.filter((r) => r.country !== null).map((r) => r.country));
  const t = await q.db
    .selectFrom('score')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const decisions = await latestDecisions(q);
  return {
    countries: countries.size,
    attributed: rows.filter((r) => r.abstained === 0).length,
    abstained: rows.filter((r) => r.abstained === 1).length,
    targets: Number(t.n),
    acceptedTargets: [...decisions.values()].filter((d) => d.decision === 'accept').length,
  };
}
