import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { initCase } from '../../src/app/init-case.js';
import { databaseUrl, type TestDatabase } from './databases.js';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Copy a SQLite case into a new PostgreSQL case (test stand-in for `vigie case copy`): init the PostgreSQL case,
 * then, in one transaction, empty its tables and insert every row of every table of the SQLite file by column
 * name (foreign keys are checked at commit), reset identity sequences, and copy case.json's name and home and the
 * evidence and derived folders.
 */
export async function copyToPostgres(sqliteCaseDir: string, pgCaseDir: string): Promise<void> {
  const url = databaseUrl('postgres');
  if (!url) throw new Error('copyToPostgres: no test PostgreSQL server ($VIGIE_TEST_PG)');
  const { info } = await initCase({ dir: pgCaseDir, database: url });
  const schema = info.database!.schema;
  const src = JSON.parse(readFileSync(join(sqliteCaseDir, 'case.json'), 'utf8')) as Record<string, unknown>;
  const dst = JSON.parse(readFileSync(join(pgCaseDir, 'case.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(pgCaseDir, 'case.json'),
    JSON.stringify({ ...dst, name: src['name'], home: src['home'] }, null, 2) + '\n',
  );
  for (const d of ['evidence', 'derived'])
    if (existsSync(join(sqliteCaseDir, d)))
      cpSync(join(sqliteCaseDir, d), join(pgCaseDir, d), { recursive: true, force: true });
  const lite = new Database(join(sqliteCaseDir, 'case.sqlite'), { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL search_path TO ${quote(schema)}`);
    const tables = (
      await client.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'
          ORDER BY table_name`,
        [schema],
      )
    ).rows.map((r) => r.name);
    await client.query(`TRUNCATE ${tables.map(quote).join(', ')} RESTART IDENTITY`);
    for (const t of tables) {
      const rows = lite.prepare(`SELECT * FROM ${quote(t)}`).all() as Record<string, unknown>[];
      const cols = Object.keys(rows[0] ?? {});
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        const values = chunk.flatMap((r) => cols.map((c) => r[c]));
        const tuples = chunk.map(
          (_, j) => `(${cols.map((_c, k) => `$${j * cols.length + k + 1}`).join(', ')})`,
        );
        await client.query(
          `INSERT INTO ${quote(t)} (${cols.map(quote).join(', ')}) VALUES ${tuples.join(', ')}`,
          values,
        );
      }
    }
    const ids = await client.query<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
        WHERE table_schema = $1 AND is_identity = 'YES'`,
      [schema],
    );
    for (const { t, c } of ids.rows)
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT max(${quote(c)}) AS m FROM ${quote(t)}) x WHERE m IS NOT NULL`,
        [`${quote(schema)}.${quote(t)}`, c],
      );
    // SQLite has no search vectors: the server computes them (migration 12's function).
    await client.query('UPDATE search_doc SET tsv = search_tsv(body) WHERE tsv IS NULL');
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    await client.end();
    lite.close();
  }
}

/** The case to test on `kind`: the SQLite case itself, or its copy into a new PostgreSQL case (`DIR-pg`). */
export async function caseOn(kind: TestDatabase, sqliteCaseDir: string): Promise<string> {
  if (kind === 'sqlite') return sqliteCaseDir;
  const dir = `${sqliteCaseDir}-pg`;
  await copyToPostgres(sqliteCaseDir, dir);
  return dir;
}
