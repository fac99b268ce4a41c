import { sql } from 'kysely';
import type { StoreQ } from './port.js';
import { toPostgres } from './postgres/translate.js';

/**
 * The triggers of the case database, by name, with their definition as stored. SQLite: the CREATE TRIGGER text
 * of `sqlite_master`. PostgreSQL: each trigger of the case's schema with the body of the function it runs
 * (`pg_get_triggerdef` and `pg_get_functiondef`), so a trigger pointed at another function, or a function whose
 * body was replaced, differs.
 */
export async function triggersOf(q: StoreQ): Promise<Map<string, string>> {
  if (q.dialect === 'sqlite') {
    const r = await sql<{ name: string; sql: string }>`
      SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`.execute(q.db);
    return new Map(r.rows.map((x) => [x.name, x.sql]));
  }
  const r = await sql<{ name: string; def: string; body: string; enabled: string }>`
    SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS def, p.prosrc AS body, t.tgenabled AS enabled
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE NOT t.tgisinternal AND n.nspname = current_schema()
    ORDER BY t.tgname`.execute(q.db);
  // A disabled trigger (ALTER TABLE … DISABLE TRIGGER) enforces nothing: it differs from the migration's.
  return new Map(
    r.rows.map((x) => [x.name, pgTriggerText(x.def, x.body) + (x.enabled === 'D' ? '; DISABLED' : '')]),
  );
}

/** A PostgreSQL trigger as compared: its definition (schema-qualified names unqualified) and its function's body. */
function pgTriggerText(def: string, body: string): string {
  const unqualified = def.replace(/\b\w+\.(\w+)/g, '$1').replace(/\bON\s+"?(\w+)"?/, 'ON $1');
  return `${unqualified}; ${body.trim()}`;
}

/**
 * The triggers the migrations create (append-only enforcement), by name, with their definition as `triggersOf`
 * gives it for this database: the migration's text on SQLite; on PostgreSQL, the translated trigger and body.
 */
export function expectedTriggers(
  q: Pick<StoreQ, 'dialect'>,
  migrationSql: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of migrationSql)
    for (const m of text.matchAll(/CREATE TRIGGER\s+(\w+)[\s\S]*?\bEND\b/g)) {
      const name = m[1] ?? '';
      out.set(name, q.dialect === 'sqlite' ? m[0] : expectedPgTrigger(`${m[0]};`, name));
    }
  return out;
}

function expectedPgTrigger(sqliteText: string, name: string): string {
  const pg = toPostgres(sqliteText);
  const body = /AS \$\$([\s\S]*?)\$\$/.exec(pg)?.[1] ?? '';
  const trig = /CREATE TRIGGER (\w+) (BEFORE \w+) ON (\w+) FOR EACH ROW EXECUTE FUNCTION (\w+)\(\)/.exec(pg);
  const def = trig
    ? `CREATE TRIGGER ${trig[1]} ${trig[2]} ON ${trig[3]} FOR EACH ROW EXECUTE FUNCTION ${trig[4]}()`
    : `CREATE TRIGGER ${name}`;
  return `${def}; ${body.trim()}`;
}

/** SQL with runs of whitespace collapsed, for comparing a stored statement with the migration's. */
export function normaliseSql(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A row naming a SHA-256 that has no `evidence` row. */
export interface MissingEvidence {
  readonly table: string;
  readonly source: string | null;
  readonly place: string;
  readonly sha256: string;
}

/** Rows of source, source_file, media and media_occurrence whose file has no evidence row (first `limit`). */
export async function rowsWithoutEvidence(q: StoreQ, limit = 10): Promise<MissingEvidence[]> {
  const known = () => q.db.selectFrom('evidence').select('evidence.sha256');
  const out: MissingEvidence[] = [];
  const sources = await q.db
    .selectFrom('source')
    .select(['id', 'sha256'])
    .where('sha256', 'not in', known())
    .orderBy('id')
    .limit(limit)
    .execute();
  out.push(...sources.map((r) => ({ table: 'source', source: r.id, place: r.id, sha256: r.sha256 })));
  const files = await q.db
    .selectFrom('source_file')
    .select(['source_id', 'path', 'sha256'])
    .where('sha256', 'not in', known())
    .orderBy('source_id')
    .orderBy('path')
    .limit(limit)
    .execute();
  out.push(
    ...files.map((r) => ({ table: 'source_file', source: r.source_id, place: r.path, sha256: r.sha256 })),
  );
  const media = await q.db
    .selectFrom('media')
    .select('sha256')
    .where('sha256', 'not in', known())
    .orderBy('sha256')
    .limit(limit)
    .execute();
  out.push(...media.map((r) => ({ table: 'media', source: null, place: r.sha256, sha256: r.sha256 })));
  const occ = await q.db
    .selectFrom('media_occurrence')
    .select(['source_id', 'chat_id', 'message_id', 'role', 'sha256'])
    .where('sha256', 'is not', null)
    .where('sha256', 'not in', known())
    .orderBy('source_id')
    .orderBy('chat_id')
    .orderBy('message_id')
    .orderBy('role')
    .limit(limit)
    .execute();
  for (const r of occ)
    out.push({
      table: 'media_occurrence',
      source: r.source_id,
      place: `${r.chat_id} message ${r.message_id} ${r.role}`,
      sha256: r.sha256 ?? '',
    });
  return out.slice(0, limit);
}

/** Messages that no source holds (no first source in the case and no message_source row), first `limit`. */
export async function unheldMessages(
  q: StoreQ,
  limit = 10,
): Promise<{ chat_id: string; message_id: number }[]> {
  return q.db
    .selectFrom('message as m')
    .select(['m.chat_id', 'm.message_id'])
    .where(({ or, eb, not, exists, selectFrom }) =>
      or([
        eb('m.source_id', 'is', null),
        not(exists(selectFrom('source as s').select('s.id').whereRef('s.id', '=', 'm.source_id'))),
      ]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('message_source as ms')
            .select('ms.source_id')
            .whereRef('ms.chat_id', '=', 'm.chat_id')
            .whereRef('ms.message_id', '=', 'm.message_id'),
        ),
      ),
    )
    .orderBy('m.chat_id')
    .orderBy('m.message_id')
    .limit(limit)
    .execute();
}

/** The current version of every hash list, and entries stored under a version that is not current. */
export async function hashListVersions(q: StoreQ): Promise<{
  current: { name: string; version: number }[];
  stale: { list_name: string; version: number; n: number }[];
}> {
  const current = await q.db.selectFrom('hash_list').select(['name', 'version']).orderBy('name').execute();
  const stale = await q.db
    .selectFrom('hash_list_entry as e')
    .select(['e.list_name', 'e.version', (x) => x.fn.countAll<number>().as('n')])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('hash_list as l')
            .select('l.name')
            .whereRef('l.name', '=', 'e.list_name')
            .whereRef('l.version', '=', 'e.version'),
        ),
      ),
    )
    .groupBy(['e.list_name', 'e.version'])
    .orderBy('e.list_name')
    .orderBy('e.version')
    .execute();
  return { current, stale: stale.map((s) => ({ ...s, n: Number(s.n) })) };
}

/** The first `init` audit event (seq and details), null when the trail has none. */
export async function initRecord(q: StoreQ): Promise<{ seq: number; details: string } | null> {
  const r = await q.db
    .selectFrom('audit_event')
    .select(['seq', 'details'])
    .where('command', '=', 'init')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return r ?? null;
}

/** What replaying a source needs: its kind, label and options as stored, and its files with their hashes. */
export async function sourceForReplay(
  q: StoreQ,
  id: string,
): Promise<{
  kind: string;
  label: string | null;
  options: string;
  files: { path: string; sha256: string }[];
} | null> {
  const s = await q.db
    .selectFrom('source')
    .select(['kind', 'label', 'options'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!s) return null;
  const files = await q.db
    .selectFrom('source_file')
    .select(['path', 'sha256'])
    .where('source_id', '=', id)
    .orderBy('path')
    .execute();
  return { ...s, files };
}

/** The policy JSON the latest triage run stored with its scores (null when none). */
export async function storedPolicy(q: StoreQ): Promise<string | null> {
  const r = await q.db.selectFrom('score').select('policy').orderBy('actor_id').limit(1).executeTakeFirst();
  return r?.policy ?? null;
}
