// Direct SQL on a test case's database (SQLite file or PostgreSQL schema), for a test's own setup or tampering:
// what a user could do to the database, never what Vigie does.
import Database from 'better-sqlite3';
import pg from 'pg';
import type { CaseContext } from '../../src/app/context.js';

/** A direct connection to a case's database; `?` placeholders on both. */
export interface CaseSql {
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Open a direct connection to the case's database (its SQLite file, or its PostgreSQL schema). */
export async function caseSql(ctx: Pick<CaseContext, 'info' | 'paths'>): Promise<CaseSql> {
  const d = ctx.info.database;
  if (!d) {
    const raw = new Database(ctx.paths.sqlite);
    raw.pragma('busy_timeout = 10000');
    return {
      run: (sql, params = []) => Promise.resolve(void raw.prepare(sql).run(...params)),
      all: <T>(sql: string, params: readonly unknown[] = []) =>
        Promise.resolve(raw.prepare(sql).all(...params) as T[]),
      close: () => {
        raw.close();
        return Promise.resolve();
      },
    };
  }
  const client = new pg.Client({
    connectionString: d.url,
    options: `-c search_path=${d.schema}`,
    types: {
      getTypeParser: (oid: number, f?: 'text' | 'binary') =>
        oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, f ?? 'text'),
    } as unknown as pg.CustomTypesConfig,
  });
  await client.connect();
  let n = 0;
  const numbered = (sql: string): string => sql.replace(/\?/g, () => `$${++n}`);
  const query = async (sql: string, params: readonly unknown[]) => {
    n = 0;
    return client.query(numbered(sql), [...params]);
  };
  return {
    run: async (sql, params = []) => void (await query(sql, params)),
    all: async <T>(sql: string, params: readonly unknown[] = []) => (await query(sql, params)).rows as T[],
    close: () => client.end(),
  };
}

/** Insert a media row (and its evidence row) as an import would, for tests that hash or match media. */
export async function insertMedia(
  s: CaseSql,
  m: { sha256: string; size: number; kind: string; mime: string | null },
): Promise<void> {
  await s.run(`INSERT INTO evidence (sha256, size, stored_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, [
    m.sha256,
    m.size,
    '2024-01-01T00:00:00.000Z',
  ]);
  await s.run(`INSERT INTO media (sha256, kind, mime, size) VALUES (?, ?, ?, ?)`, [
    m.sha256,
    m.kind,
    m.mime,
    m.size,
  ]);
}
