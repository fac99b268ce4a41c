import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../../domain/errors.js';
import { busyTimeoutMs, faultError } from '../faults.js';
import { applyMigrations } from './db.js';
import { SERVER_MIGRATIONS, checkServerHistory, type AppliedServerMigration } from '../server/migrations.js';
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
  const close = (): Promise<void> => {
    if (raw.open) raw.close();
    return Promise.resolve();
  };
  // One writer at a time: a sign-in step's transaction holds SQLite's write lock from its insert to its commit.
  return peopleStore(kysely, file, close, () => Promise.resolve());
}

function migrate(raw: Database.Database, file: string): void {
  raw.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, vigie_version TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = raw
    .prepare('SELECT version, name, vigie_version FROM schema_migration ORDER BY version')
    .all() as AppliedServerMigration[];
  applyMigrations(raw, SERVER_MIGRATIONS.slice(checkServerHistory(done, file)));
}
