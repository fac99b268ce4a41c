import type pg from 'pg';
import { MIGRATIONS } from '../migrations/index.js';
import { checkHistory, type AppliedMigration } from '../migrations/history.js';
import { VIGIE_VERSION } from '../../domain/version.js';
import { AppError } from '../../domain/errors.js';
import type { CaseStore } from '../port.js';
import { toPostgres } from './translate.js';
import { casePool, LOCK_CLASS, postgresStore, type PostgresLocation } from './store.js';
import { pgFault } from './faults.js';

/** A schema name Vigie accepts: lower-case letters, digits and underscores, starting with a letter. */
export const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Open (and with `create`, make) a case's schema on a PostgreSQL server, migrated to the current version under the
 * case-wide advisory lock. `readonly` opens without migrating and refuses an older schema.
 */
export async function openPostgresStore(
  loc: PostgresLocation,
  opts: { create?: boolean; readonly?: boolean } = {},
): Promise<CaseStore> {
  if (!SCHEMA_NAME.test(loc.schema))
    throw new AppError('CASE_CORRUPT', `${loc.schema}: not a schema name Vigie writes`);
  const pool = casePool(loc);
  pool.on('error', () => undefined); // an idle client's error surfaces on the next query
  try {
    const client = await pool.connect();
    try {
      await migrate(client, loc, opts);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw pgFault(e, loc) ?? e;
  }
  return postgresStore(loc, pool);
}

async function migrate(
  client: pg.PoolClient,
  loc: PostgresLocation,
  opts: { create?: boolean; readonly?: boolean },
): Promise<void> {
  const where = `${loc.schema}`;
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [loc.schema]);
  if (!exists.rowCount) {
    if (!opts.create)
      throw new AppError('CASE_CORRUPT', `${where}: the case's schema is missing from the database`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${loc.schema}"`);
  } else if (opts.create) {
    const tables = await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 LIMIT 1', [loc.schema]);
    if (tables.rowCount)
      throw new AppError(
        'CASE_EXISTS',
        `${where}: the schema already holds tables; refusing to overwrite them`,
      );
  }
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, loc.schema]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version BIGINT PRIMARY KEY, name TEXT NOT NULL, vigie_version TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const rows = (
      await client.query<AppliedMigration>(
        'SELECT version::int AS version, name, vigie_version FROM schema_migration ORDER BY version',
      )
    ).rows;
    const done = checkHistory(rows, where);
    if (opts.readonly && done < MIGRATIONS.length)
      throw new AppError(
        'CASE_OUTDATED',
        `${where}: schema version ${done} needs migrating; open the case for writing once`,
      );
    for (const m of MIGRATIONS.slice(done)) {
      await client.query(m.postgres ?? toPostgres(m.sql));
      await client.query(
        'INSERT INTO schema_migration (version, name, vigie_version, applied_at) VALUES ($1, $2, $3, $4)',
        [m.version, m.name, VIGIE_VERSION, new Date().toISOString()],
      );
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Drop a case's schema (a half-made `init`, or a scratch case). */
export async function dropPostgresSchema(loc: PostgresLocation): Promise<void> {
  const pool = casePool(loc, 1);
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${loc.schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}
