import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../../domain/errors.js';
import { VIGIE_VERSION } from '../../domain/version.js';
import { busyTimeoutMs, faultError } from '../faults.js';
import { applyMigrations } from './db.js';
import { SERVER_MIGRATIONS } from '../server/migrations.js';
import { peopleStore } from '../server/people.js';
import type { ServerDB } from '../server/schema.js';
import type { PeopleStore } from '../server/port.js';

/** Open (creating when asked) a cases folder's server.sqlite, migrated to the current schema. */
export function openServerDb(file: string, opts: { create?: boolean } = {}): PeopleStore {
  let raw: Database.Database;
  try {
    raw = new Database(file, { fileMustExist: !opts.create });
  } catch (e) {
    throw (
      faultError(e) ??
      new AppError(
        'FILE_NOT_FOUND',
        `${file}: no people yet (vigie users add NAME --role admin --cases DIR creates it)`,
      )
    );
  }
  try {
    raw.pragma('foreign_keys = ON');
    raw.pragma(`busy_timeout = ${busyTimeoutMs()}`);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    migrate(raw, file);
  } catch (e) {
    raw.close();
    throw faultError(e) ?? e;
  }
  const kysely = new Kysely<ServerDB>({ dialect: new SqliteDialect({ database: raw }) });
  return peopleStore(kysely, file, () => raw.close());
}

function migrate(raw: Database.Database, file: string): void {
  raw.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, vigie_version TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = raw
    .prepare('SELECT version, name, vigie_version FROM schema_migration ORDER BY version')
    .all() as {
    version: number;
    name: string;
    vigie_version: string;
  }[];
  for (const [i, d] of done.entries()) {
    const m = SERVER_MIGRATIONS[i];
    if (!m || m.version !== d.version || m.name !== d.name)
      throw new AppError(
        'CASE_TOO_NEW',
        `${file}: migration ${d.version} '${d.name}' was written by Vigie ${d.vigie_version}, which is newer than this one (${VIGIE_VERSION})`,
      );
  }
  applyMigrations(raw, SERVER_MIGRATIONS.slice(done.length));
}
