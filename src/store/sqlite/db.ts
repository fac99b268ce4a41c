import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import type { DB } from '../schema.js';
import { AppError } from '../../domain/errors.js';
import { checkHistory, type AppliedMigration } from '../migrations/history.js';
import { MIGRATIONS } from '../migrations/index.js';
import { VIGIE_VERSION } from '../../domain/version.js';
import { busyTimeoutMs, faultError } from '../faults.js';

/** An open case database: Kysely for queries, the raw handle for prepared bulk statements and transactions. */
export interface CaseDb {
  readonly kysely: Kysely<DB>;
  readonly raw: Database.Database;
  close(): void;
}

/** Open (and create) a case database in WAL mode with foreign keys, migrated to the current schema. */
export function openCaseDb(file: string, opts: { create?: boolean; readonly?: boolean } = {}): CaseDb {
  let raw: Database.Database;
  try {
    raw = new Database(file, { fileMustExist: !opts.create, readonly: opts.readonly ?? false });
  } catch (e) {
    throw (
      faultError(e) ??
      new AppError('CASE_NOT_FOUND', `${file}: cannot open case database: ${(e as Error).message}`)
    );
  }
  try {
    raw.pragma('foreign_keys = ON');
    raw.pragma(`busy_timeout = ${busyTimeoutMs()}`);
    if (!opts.readonly) {
      // 16 KiB pages for new cases (fewer B-tree splits on bulk import); ignored once a database has pages.
      if (opts.create) raw.pragma('page_size = 16384');
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = NORMAL');
      migrate(raw, file);
    } else if (checkVersion(raw, file).length < MIGRATIONS.length) {
      throw new AppError(
        'CASE_OUTDATED',
        `${file}: schema version ${applied(raw).length} needs migrating to ${MIGRATIONS.length}; open the case for writing once`,
      );
    }
  } catch (e) {
    raw.close();
    if (opts.readonly && (e as { code?: string }).code === 'SQLITE_CANTOPEN')
      throw new AppError(
        'CASE_READ_ONLY',
        `${file}: cannot be read where it is: SQLite must create its ${file}-shm file next to it (WAL mode) and the folder cannot be written; copy the case to a writable disk`,
      );
    throw faultError(e) ?? e;
  }
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    kysely,
    raw,
    close() {
      raw.close();
    },
  };
}

function applied(raw: Database.Database): AppliedMigration[] {
  const has = raw.prepare(`SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migration'`).get();
  if (!has) return [];
  return raw
    .prepare('SELECT version, name, vigie_version FROM schema_migration ORDER BY version')
    .all() as AppliedMigration[];
}

function checkVersion(raw: Database.Database, file: string): AppliedMigration[] {
  const rows = applied(raw);
  checkHistory(rows, file);
  return rows;
}

function migrate(raw: Database.Database, file: string): void {
  raw.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, vigie_version TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  applyMigrations(raw, MIGRATIONS.slice(checkVersion(raw, file).length));
}

/** Apply migrations in order, each in its own transaction with its `schema_migration` record (case and server files). */
export function applyMigrations(
  raw: Database.Database,
  pending: ReadonlyArray<{ version: number; name: string; sql: string }>,
): void {
  const record = raw.prepare(
    'INSERT INTO schema_migration (version, name, vigie_version, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const m of pending) {
    raw.transaction(() => {
      raw.exec(m.sql);
      record.run(m.version, m.name, VIGIE_VERSION, new Date().toISOString());
    })();
  }
}

/** Prepare a Kysely-compiled query once for repeated synchronous execution (bulk writes). */
export function prepareCompiled(raw: Database.Database, q: CompiledQuery): Database.Statement {
  return raw.prepare(q.sql);
}
