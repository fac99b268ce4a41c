import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initPeople } from '../../src/app/users-init.js';
import { databaseUrl, type TestDatabase } from './databases.js';

/** A people schema name of its own for one test (test files run in parallel on one PostgreSQL server). */
export function peopleSchema(): string {
  return `people_${randomBytes(5).toString('hex')}`;
}

/**
 * A fresh cases folder whose people live on `db`: `server.sqlite` (made on first use), or a schema of its own on
 * the test PostgreSQL, named in the folder's `server.json` by `initPeople` (what `vigie users init` runs).
 */
export async function peopleCasesDir(
  db: TestDatabase,
  prefix: string,
  schema = peopleSchema(),
): Promise<string> {
  const casesDir = mkdtempSync(join(tmpdir(), `${prefix}${db}-`));
  const url = databaseUrl(db);
  if (url) await initPeople({ casesDir, database: url, schema });
  return casesDir;
}
