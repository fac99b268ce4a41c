import type Database from 'better-sqlite3';

/** Every trigger of the case database, by name, with its SQL as stored. */
export function triggersOf(raw: Database.Database): Map<string, string> {
  const rows = raw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
    name: string;
    sql: string;
  }[];
  return new Map(rows.map((r) => [r.name, r.sql]));
}

/** A row naming a SHA-256 that has no `evidence` row. */
export interface MissingEvidence {
  readonly table: string;
  readonly source: string | null;
  readonly place: string;
  readonly sha256: string;
}

/** Rows of source, source_file, media and media_occurrence whose file has no evidence row (first `limit`). */
export function rowsWithoutEvidence(raw: Database.Database, limit = 10): MissingEvidence[] {
  const none = 'NOT IN (SELECT sha256 FROM evidence)';
  return raw
    .prepare(
      `SELECT 'source' AS "table", id AS source, id AS place, sha256 FROM source WHERE sha256 ${none}
       UNION ALL SELECT 'source_file', source_id, path, sha256 FROM source_file WHERE sha256 ${none}
       UNION ALL SELECT 'media', NULL, sha256, sha256 FROM media WHERE sha256 ${none}
       UNION ALL SELECT 'media_occurrence', source_id, chat_id || ' message ' || message_id || ' ' || role, sha256
         FROM media_occurrence WHERE sha256 IS NOT NULL AND sha256 ${none}
       LIMIT ?`,
    )
    .all(limit) as MissingEvidence[];
}

/** Messages that no source holds (no first source in the case and no message_source row), first `limit`. */
export function unheldMessages(
  raw: Database.Database,
  limit = 10,
): { chat_id: string; message_id: number }[] {
  return raw
    .prepare(
      `SELECT chat_id, message_id FROM message m
       WHERE (m.source_id IS NULL OR NOT EXISTS (SELECT 1 FROM source s WHERE s.id = m.source_id))
         AND NOT EXISTS (SELECT 1 FROM message_source ms WHERE ms.chat_id = m.chat_id AND ms.message_id = m.message_id)
       ORDER BY chat_id, message_id LIMIT ?`,
    )
    .all(limit) as { chat_id: string; message_id: number }[];
}

/** Every source of the case (id, kind), in id order. */
export function listSources(raw: Database.Database): { id: string; kind: string }[] {
  return raw.prepare('SELECT id, kind FROM source ORDER BY id').all() as { id: string; kind: string }[];
}

/** The current version of every hash list, and entries stored under a version that is not current. */
export function hashListVersions(raw: Database.Database): {
  current: { name: string; version: number }[];
  stale: { list_name: string; version: number; n: number }[];
} {
  return {
    current: raw.prepare('SELECT name, version FROM hash_list ORDER BY name').all() as {
      name: string;
      version: number;
    }[],
    stale: raw
      .prepare(
        `SELECT e.list_name, e.version, count(*) AS n FROM hash_list_entry e
         WHERE NOT EXISTS (SELECT 1 FROM hash_list l WHERE l.name = e.list_name AND l.version = e.version)
         GROUP BY e.list_name, e.version ORDER BY e.list_name, e.version`,
      )
      .all() as { list_name: string; version: number; n: number }[],
  };
}

/** The name and home the `init` audit event recorded (null when the trail has no init event). */
export function initRecord(raw: Database.Database): { seq: number; details: string } | null {
  const r = raw
    .prepare("SELECT seq, details FROM audit_event WHERE command = 'init' ORDER BY seq LIMIT 1")
    .get() as { seq: number; details: string } | undefined;
  return r ?? null;
}

/** The triggers the migrations create (append-only enforcement), by name, with their SQL. */
export function expectedTriggers(migrationSql: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const sql of migrationSql)
    for (const m of sql.matchAll(/CREATE TRIGGER\s+(\w+)[\s\S]*?\bEND\b/g)) out.set(m[1] ?? '', m[0]);
  return out;
}

/** SQL with runs of whitespace collapsed, for comparing a stored statement with the migration's. */
export function normaliseSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/** What replaying a source needs: its kind, label and options as stored, and its files with their hashes. */
export function sourceForReplay(
  raw: Database.Database,
  id: string,
): { kind: string; label: string | null; options: string; files: { path: string; sha256: string }[] } | null {
  const s = raw.prepare('SELECT kind, label, options FROM source WHERE id = ?').get(id) as
    { kind: string; label: string | null; options: string } | undefined;
  if (!s) return null;
  const files = raw
    .prepare('SELECT path, sha256 FROM source_file WHERE source_id = ? ORDER BY path')
    .all(id) as { path: string; sha256: string }[];
  return { ...s, files };
}

/** The policy JSON the latest triage run stored with its scores (null when none). */
export function storedPolicy(raw: Database.Database): string | null {
  const r = raw.prepare('SELECT policy FROM score LIMIT 1').get() as { policy: string } | undefined;
  return r?.policy ?? null;
}
