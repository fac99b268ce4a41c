import type Database from 'better-sqlite3';

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

/** Authored regular messages, ordered by author, time, chat, id. */
export function listAttributionMessages(raw: Database.Database): AttributionMessageRow[] {
  const rows = raw
    .prepare(
      `SELECT author_id, chat_id, message_id, date_utc, text,
         CASE WHEN instr(details, 'contact_information') > 0 THEN json_extract(details, '$.contact_information.phone_number') END AS cphone,
         CASE WHEN instr(details, 'contact_information') > 0 THEN trim(coalesce(json_extract(details, '$.contact_information.first_name'), '') || ' ' || coalesce(json_extract(details, '$.contact_information.last_name'), '')) END AS cname
       FROM message WHERE author_id IS NOT NULL AND type = 'message'
       ORDER BY author_id, date_utc, chat_id, message_id`,
    )
    .all() as Array<{
    author_id: string;
    chat_id: string;
    message_id: number;
    date_utc: number | null;
    text: string | null;
    cphone: string | null;
    cname: string | null;
  }>;
  return rows.map((r) => ({
    author: r.author_id,
    chat: r.chat_id,
    message: r.message_id,
    dateUtc: r.date_utc,
    text: r.text,
    contactPhone: r.cphone || null,
    contactName: r.cname || null,
  }));
}

/** Every display name observed per actor. */
export function listActorNames(
  raw: Database.Database,
): Array<{ actor: string; name: string; source: string }> {
  return (
    raw
      .prepare('SELECT actor_id, name, source_id FROM actor_name ORDER BY actor_id, name, source_id')
      .all() as Array<{ actor_id: string; name: string; source_id: string }>
  ).map((r) => ({ actor: r.actor_id, name: r.name, source: r.source_id }));
}

/**
 * EXIF GPS points of media each actor posted FIRST (the earliest non-forwarded occurrence of the file): a reposter
 * of someone else's picture says nothing about where the reposter is.
 */
export function listActorGps(
  raw: Database.Database,
): Array<{ actor: string; sha256: string; lat: number; lon: number }> {
  const has = raw.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name='media_exif'`).get();
  if (!has) return [];
  const rows = raw
    .prepare(
      `SELECT m.author_id AS actor, e.sha256, e.gps_lat AS lat, e.gps_lon AS lon, m.forwarded_from AS fwd
       FROM media_exif e JOIN media_occurrence o ON o.sha256 = e.sha256
       JOIN message m ON m.chat_id = o.chat_id AND m.message_id = o.message_id
       WHERE e.gps_lat IS NOT NULL AND e.gps_lon IS NOT NULL
       ORDER BY e.sha256, m.date_utc IS NULL, m.date_utc, m.chat_id, m.message_id`,
    )
    .all() as Array<{ actor: string | null; sha256: string; lat: number; lon: number; fwd: string | null }>;
  const out: Array<{ actor: string; sha256: string; lat: number; lon: number }> = [];
  let last = '';
  for (const r of rows) {
    if (r.sha256 === last) continue;
    last = r.sha256;
    if (r.actor && r.fwd === null) out.push({ actor: r.actor, sha256: r.sha256, lat: r.lat, lon: r.lon });
  }
  return out.sort((a, b) => (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : a.sha256 < b.sha256 ? -1 : 1));
}

/** Ids of every actor (accounts the case knows). */
export function listActorIds(raw: Database.Database): string[] {
  return (raw.prepare('SELECT id FROM actor ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
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

/** Replace all attributions with this run's (derived data; call inside the run's transaction). */
export function replaceAttributions(
  raw: Database.Database,
  runId: string,
  rows: readonly AttributionRowInput[],
): void {
  raw.prepare('DELETE FROM attribution').run();
  const ins = raw.prepare(
    `INSERT INTO attribution (actor_id, country, top_country, probability, abstained, reason, candidates, origin, evidence, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) {
    ins.run(
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
    );
  }
}

interface AttrSql {
  actor_id: string;
  country: string | null;
  probability: number;
  abstained: number;
  reason: string | null;
  candidates: string;
  origin: string | null;
  evidence: string;
}

function fromSql(r: AttrSql): StoredAttribution {
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

/** Attribution per actor id, for the actors listing (`vigie actors --json` field `attribution`). */
export function attributionsByActor(
  raw: Database.Database,
  actorIds?: readonly string[],
): Map<string, StoredAttribution> {
  const out = new Map<string, StoredAttribution>();
  if (actorIds === undefined) {
    for (const r of raw.prepare('SELECT * FROM attribution ORDER BY actor_id').all() as AttrSql[])
      out.set(r.actor_id, fromSql(r));
    return out;
  }
  for (let i = 0; i < actorIds.length; i += 500) {
    const chunk = actorIds.slice(i, i + 500);
    const rows = raw
      .prepare(`SELECT * FROM attribution WHERE actor_id IN (${chunk.map(() => '?').join(',')})`)
      .all(...chunk) as AttrSql[];
    for (const r of rows) out.set(r.actor_id, fromSql(r));
  }
  return out;
}

/** One actor's attribution, or undefined when none was computed. */
export function getAttribution(raw: Database.Database, actorId: string): StoredAttribution | undefined {
  const r = raw.prepare('SELECT * FROM attribution WHERE actor_id = ?').get(actorId) as AttrSql | undefined;
  return r ? fromSql(r) : undefined;
}

/** For `vigie stats`: distinct confidently attributed countries, attributed and abstained actors, scored targets, accepted targets. */
export function attributionStats(raw: Database.Database): {
  countries: number;
  attributed: number;
  abstained: number;
  targets: number;
  acceptedTargets: number;
} {
  const a = raw
    .prepare(
      'SELECT COUNT(DISTINCT country) AS countries, SUM(abstained = 0) AS attributed, SUM(abstained = 1) AS abstained FROM attribution',
    )
    .get() as {
    countries: number;
    attributed: number | null;
    abstained: number | null;
  };
  const t = raw.prepare('SELECT COUNT(*) AS n FROM score').get() as { n: number };
  const acc = raw
    .prepare(
      `SELECT COUNT(*) AS n FROM target_decision d WHERE d.decision = 'accept' AND d.id = (SELECT MAX(id) FROM target_decision e WHERE e.actor_id = d.actor_id)`,
    )
    .get() as { n: number };
  return {
    countries: a.countries,
    attributed: a.attributed ?? 0,
    abstained: a.abstained ?? 0,
    targets: t.n,
    acceptedTargets: acc.n,
  };
}
