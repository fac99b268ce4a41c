import type pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { AppError } from '../../domain/errors.js';
import { VIGIE_VERSION } from '../../domain/version.js';
import { SERVER_MIGRATIONS, checkServerHistory, type AppliedServerMigration } from '../server/migrations.js';
import { peopleStore } from '../server/people.js';
import { guarded } from '../server/guard.js';
import type { ServerDB } from '../server/schema.js';
import type { PeopleStore } from '../server/port.js';
import { casePool, LOCK_CLASS, type PostgresLocation } from './store.js';
import { SCHEMA_NAME } from './open.js';
import { toPostgres } from './translate.js';
import { pgFault } from './faults.js';
import { redact } from './redact.js';

/** The people schema's name unless `vigie users init --schema` says otherwise. */
export const PEOPLE_SCHEMA = 'vigie_server';

/** A people schema for messages: `postgres://HOST:PORT/DB#schema`, never a password. */
export function peopleWhere(loc: PostgresLocation): string {
  return `${redact(loc.url)}#${loc.schema}`;
}

/** The AppError for a fault of the people database (DATABASE_UNREACHABLE names the server and schema), or null. */
export function peopleFault(e: unknown, loc: PostgresLocation): AppError | null {
  const f = pgFault(e, loc);
  if (f?.code !== 'DATABASE_UNREACHABLE' || !(e instanceof Error)) return f;
  const code = (e as { code?: string }).code ?? '';
  return new AppError(
    'DATABASE_UNREACHABLE',
    `${peopleWhere(loc)}: cannot reach the people database (${code}: ${e.message})`,
  );
}

/**
 * Open (with `create`, make) the people schema on a PostgreSQL server, migrated to the current version under an
 * advisory lock (two servers starting at once migrate it once). Password: PGPASSWORD or ~/.pgpass, never a file.
 */
export async function openPostgresPeople(
  loc: PostgresLocation,
  opts: { create?: boolean } = {},
): Promise<PeopleStore> {
  if (!SCHEMA_NAME.test(loc.schema))
    throw new AppError(
      'USAGE',
      `--schema ${loc.schema}: expected lower-case letters, digits and '_', starting with a letter`,
    );
  const pool = casePool(loc);
  pool.on('error', () => undefined); // an idle client's error surfaces on the next query
  try {
    const client = await pool.connect();
    try {
      await migrate(client, loc, opts.create ?? false);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw peopleFault(e, loc) ?? e;
  }
  const db = new Kysely<ServerDB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  // Sign-in steps of every server on the schema take turns (released at commit), so throttling counts them all.
  const serialise = async (trx: Kysely<ServerDB>): Promise<void> => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(${`${loc.schema}.sign_in`}))`.execute(trx);
  };
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await db.destroy();
  };
  const store = peopleStore(db, peopleWhere(loc), close, serialise);
  return guarded(store, (e) => peopleFault(e, loc));
}

/** The server's migration list in PostgreSQL's dialect (SQLite's AUTOINCREMENT is an identity column there). */
function serverSql(sql: string): string {
  return toPostgres(sql.replace(/\s+AUTOINCREMENT\b/g, ''));
}

async function migrate(client: pg.PoolClient, loc: PostgresLocation, create: boolean): Promise<void> {
  const where = peopleWhere(loc);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, loc.schema]);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [loc.schema]);
    if (!exists.rowCount) {
      if (!create)
        throw new AppError(
          'FILE_NOT_FOUND',
          `${where}: the people schema is missing from the database (vigie users init --database URL makes it)`,
        );
      await client.query(`CREATE SCHEMA "${loc.schema}"`);
    }
    await client.query(`SET LOCAL search_path TO "${loc.schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version BIGINT PRIMARY KEY, name TEXT NOT NULL, vigie_version TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const rows = (
      await client.query<AppliedServerMigration>(
        'SELECT version::int AS version, name, vigie_version FROM schema_migration ORDER BY version',
      )
    ).rows;
    for (const m of SERVER_MIGRATIONS.slice(checkServerHistory(rows, where))) {
      await client.query(serverSql(m.sql));
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
