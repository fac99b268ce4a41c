/** The databases a store test runs on: SQLite always, PostgreSQL when the test runner started one ($VIGIE_TEST_PG). */
export type TestDatabase = 'sqlite' | 'postgres';

/** Every database under test. */
export const DATABASES: readonly TestDatabase[] = process.env['VIGIE_TEST_PG']
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** `initCase`'s `database` for a test database (undefined: the embedded SQLite file). */
export function databaseUrl(db: TestDatabase): string | undefined {
  return db === 'postgres' ? process.env['VIGIE_TEST_PG'] : undefined;
}

/** `vigie init` arguments for a test database. */
export function initArgs(db: TestDatabase): string[] {
  const url = databaseUrl(db);
  return url ? ['--database', url] : [];
}
