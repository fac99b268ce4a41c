import type Database from 'better-sqlite3';
import { canonicalJson } from '../domain/canonical.js';
import type { ReturnRowTable } from './schema.js';

/** A return row to store (as parsed by formats/returns). */
export interface ReturnRowInput {
  readonly line: number;
  readonly userId: string;
  readonly rawUserId: string;
  readonly phone: string | null;
  readonly phoneCountry: string | null;
  readonly ip: string | null;
  readonly seenAt: number | null;
  readonly raw: Readonly<Record<string, string>>;
}

/** A stored return row. */
export interface ReturnRow {
  readonly sourceId: string;
  readonly line: number;
  readonly userId: string;
  readonly rawUserId: string;
  readonly actorId: string | null;
  readonly phone: string | null;
  readonly phoneCountry: string | null;
  readonly ip: string | null;
  readonly seenAt: number | null;
}

/** The source that already holds a returns file with this SHA-256, if any. */
export function findReturnsSource(raw: Database.Database, sha256: string): string | undefined {
  const r = raw.prepare(`SELECT id FROM source WHERE kind = 'returns' AND sha256 = ?`).get(sha256) as
    { id: string } | undefined;
  return r?.id;
}

/** Record a returns file as a source (kind `returns`). */
export function insertReturnsSource(
  raw: Database.Database,
  s: {
    id: string;
    sha256: string;
    label: string | null;
    originalPath: string;
    options: Record<string, unknown>;
    metadata: Record<string, unknown>;
    toolVersion: string;
    runId: string | null;
  },
): void {
  raw
    .prepare(
      `INSERT INTO source (id, kind, sha256, label, original_path, imported_at, options, metadata, tool_version, run_id)
       VALUES (?, 'returns', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      s.id,
      s.sha256,
      s.label,
      s.originalPath,
      new Date().toISOString(),
      canonicalJson(s.options),
      canonicalJson(s.metadata),
      s.toolVersion,
      s.runId,
    );
}

/** Insert rows (call inside a transaction); actor_id is set when the account is known. Returns unknown user ids. */
export function insertReturnRows(
  raw: Database.Database,
  sourceId: string,
  rows: readonly ReturnRowInput[],
): string[] {
  const known = raw.prepare('SELECT 1 FROM actor WHERE id = ?');
  const ins = raw.prepare(
    `INSERT INTO return_row (source_id, line, user_id, raw_user_id, actor_id, phone, phone_country, ip, seen_at, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const unknown = new Set<string>();
  for (const r of rows) {
    const isKnown = known.get(r.userId) !== undefined;
    if (!isKnown) unknown.add(r.userId);
    ins.run(
      sourceId,
      r.line,
      r.userId,
      r.rawUserId,
      isKnown ? r.userId : null,
      r.phone,
      r.phoneCountry,
      r.ip,
      r.seenAt,
      canonicalJson(r.raw),
    );
  }
  return [...unknown].sort();
}

/** Every return row (matched to actors by platform user id at read time, so later imports link them). */
export function listReturnRows(raw: Database.Database): ReturnRow[] {
  return (
    raw.prepare('SELECT * FROM return_row ORDER BY user_id, source_id, line').all() as ReturnRowTable[]
  ).map((r) => ({
    sourceId: r.source_id,
    line: r.line,
    userId: r.user_id,
    rawUserId: r.raw_user_id,
    actorId: r.actor_id,
    phone: r.phone,
    phoneCountry: r.phone_country,
    ip: r.ip,
    seenAt: r.seen_at,
  }));
}

/** Return rows whose user id names no account of the case (reported by `vigie returns add` and stats). */
export function unknownReturnAccounts(raw: Database.Database): string[] {
  return (
    raw
      .prepare(
        'SELECT DISTINCT user_id FROM return_row WHERE user_id NOT IN (SELECT id FROM actor) ORDER BY user_id',
      )
      .all() as Array<{ user_id: string }>
  ).map((r) => r.user_id);
}
