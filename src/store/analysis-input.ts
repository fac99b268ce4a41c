import type { StoreQ } from './port.js';

/** Plain rows the analysis reads from a case (shapes match src/pipeline/analyse/types.ts). */
export interface AnalysisInputRows {
  media: string[];
  occurrences: Array<{
    sha256: string;
    chatId: string;
    messageId: number;
    authorId: string | null;
    dateUtc: number | null;
    sourceId: string;
    forwarded: boolean;
  }>;
  /** PDQ per media (full convention first) with its 7 other dihedral hashes of the same convention when stored. */
  signals: Array<{ sha256: string; pdq: string; quality: number | null; dihedral?: string[] }>;
  messages: Array<{
    chatId: string;
    messageId: number;
    type: string;
    authorId: string | null;
    dateUtc: number | null;
    replyTo: number | null;
    replyToPeer: string | null;
    text: string | null;
    entities: Array<{
      type?: unknown;
      text?: unknown;
      offset?: unknown;
      length?: unknown;
      user_id?: unknown;
    }> | null;
    forwardedFrom: string | null;
  }>;
  actors: Array<{ id: string; kind: string }>;
  names: Array<{
    actorId: string;
    name: string;
    firstSeen: number | null;
    lastSeen: number | null;
    sourceId: string;
  }>;
  memberships: Array<{
    actorId: string;
    chatId: string;
    kind: string;
    at: number | null;
    lastAt: number | null;
  }>;
  chats: Array<{ id: string; title: string | null; type: string | null }>;
  /** EXIF facts per media (camera, original time, GPS). */
  exif: Array<{
    sha256: string;
    make: string | null;
    model: string | null;
    takenAt: string | null;
    gpsLat: number | null;
    gpsLon: number | null;
  }>;
  /** `sha256#chat#message` of occurrences sent as a file (document) rather than a compressed photo. */
  sentAsFile: string[];
}

function parseEntities(s: string | null): AnalysisInputRows['messages'][number]['entities'] {
  if (!s) return null;
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v)
      ? (v.filter((e) => e && typeof e === 'object') as AnalysisInputRows['messages'][number]['entities'])
      : null;
  } catch {
    return null;
  }
}

/** Load everything `vigie analyse` needs, sorted for determinism. Thumbnails are not occurrences of a picture. */
export async function loadAnalysisInput(q: StoreQ): Promise<AnalysisInputRows> {
  const media = (await q.db.selectFrom('media').select('sha256').orderBy('sha256').execute()).map(
    (r) => r.sha256,
  );
  const occurrences = (
    await q.db
      .selectFrom('media_occurrence as o')
      .innerJoin('message as m', (j) =>
        j.onRef('m.chat_id', '=', 'o.chat_id').onRef('m.message_id', '=', 'o.message_id'),
      )
      .select((eb) => [
        'o.sha256',
        'o.chat_id',
        'o.message_id',
        eb.fn.min('o.source_id').as('source_id'),
        'm.author_id',
        'm.date_utc',
        'm.forwarded_from',
      ])
      .where('o.sha256', 'is not', null)
      .where('o.role', '<>', 'thumbnail')
      .groupBy(['o.sha256', 'o.chat_id', 'o.message_id', 'm.author_id', 'm.date_utc', 'm.forwarded_from'])
      .orderBy('o.sha256')
      .orderBy('o.chat_id')
      .orderBy('o.message_id')
      .execute()
  ).map((o) => ({
    sha256: o.sha256 as string,
    chatId: o.chat_id,
    messageId: o.message_id,
    sourceId: o.source_id,
    authorId: o.author_id,
    dateUtc: o.date_utc,
    forwarded: o.forwarded_from !== null,
  }));
  const pdqRows = await q.db
    .selectFrom('signal')
    .select(['sha256', 'value', 'quality', 'convention'])
    .where('type', '=', 'pdq')
    .orderBy('sha256')
    .orderBy((eb) => eb.case().when('convention', '=', 'full').then(0).else(1).end())
    .orderBy('convention')
    .execute();
  const signals: AnalysisInputRows['signals'] = [];
  const conventionOf = new Map<string, string>();
  for (const r of pdqRows)
    if (signals.at(-1)?.sha256 !== r.sha256) {
      signals.push({ sha256: r.sha256, pdq: r.value, quality: r.quality });
      conventionOf.set(r.sha256, r.convention);
    }
  // The 8 dihedral hashes (orig first) of the chosen convention: mirrored and rotated copies cluster together.
  const dihedralRows = await q.db
    .selectFrom('signal')
    .select(['sha256', 'convention', 'value'])
    .where('type', '=', 'pdq-dihedral')
    .orderBy('sha256')
    .orderBy('convention')
    .execute();
  const dihedralOf = new Map<string, string[]>();
  for (const r of dihedralRows) {
    const parts = r.value.split(',');
    if (conventionOf.get(r.sha256) === r.convention && parts.length === 8)
      dihedralOf.set(r.sha256, parts.slice(1));
  }
  for (const s of signals) {
    const d = dihedralOf.get(s.sha256);
    if (d) s.dihedral = d;
  }
  const messages = (
    await q.db
      .selectFrom('message')
      .select([
        'chat_id',
        'message_id',
        'type',
        'author_id',
        'date_utc',
        'reply_to',
        'reply_to_peer',
        'text',
        'entities',
        'forwarded_from',
      ])
      .orderBy('chat_id')
      .orderBy('message_id')
      .execute()
  ).map((m) => ({
    chatId: m.chat_id,
    messageId: m.message_id,
    type: m.type,
    authorId: m.author_id,
    dateUtc: m.date_utc,
    replyTo: m.reply_to,
    replyToPeer: m.reply_to_peer,
    text: m.text,
    entities: parseEntities(m.entities),
    forwardedFrom: m.forwarded_from,
  }));
  const actors = await q.db.selectFrom('actor').select(['id', 'kind']).orderBy('id').execute();
  const names = (
    await q.db
      .selectFrom('actor_name')
      .select(['actor_id', 'name', 'first_seen', 'last_seen', 'source_id'])
      .orderBy('actor_id')
      .orderBy('name')
      .orderBy('source_id')
      .execute()
  ).map((r) => ({
    actorId: r.actor_id,
    name: r.name,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    sourceId: r.source_id,
  }));
  const memberships = (
    await q.db
      .selectFrom('membership')
      .select(['actor_id', 'chat_id', 'kind', 'at', 'last_at'])
      .where('actor_id', 'is not', null)
      .orderBy('actor_id')
      .orderBy('chat_id')
      .orderBy('kind')
      .orderBy('at', (ob) => ob.asc().nullsFirst())
      .orderBy('message_id', (ob) => ob.asc().nullsFirst())
      .orderBy('source_id')
      .execute()
  ).map((r) => ({
    actorId: r.actor_id as string,
    chatId: r.chat_id,
    kind: r.kind,
    at: r.at,
    lastAt: r.last_at,
  }));
  const chats = await q.db.selectFrom('chat').select(['id', 'title', 'type']).orderBy('id').execute();
  const exif = (
    await q.db
      .selectFrom('media_exif')
      .select(['sha256', 'make', 'model', 'taken_at', 'gps_lat', 'gps_lon'])
      .orderBy('sha256')
      .execute()
  ).map((e) => ({
    sha256: e.sha256,
    make: e.make,
    model: e.model,
    takenAt: e.taken_at,
    gpsLat: e.gps_lat,
    gpsLon: e.gps_lon,
  }));
  const sentAsFile = (
    await q.db
      .selectFrom('media_occurrence')
      .select(['sha256', 'chat_id', 'message_id'])
      .where('role', '=', 'file')
      .where('sha256', 'is not', null)
      .orderBy('sha256')
      .orderBy('chat_id')
      .orderBy('message_id')
      .execute()
  ).map((o) => `${o.sha256}#${o.chat_id}#${o.message_id}`);
  return { media, occurrences, signals, messages, actors, names, memberships, chats, exif, sentAsFile };
}
