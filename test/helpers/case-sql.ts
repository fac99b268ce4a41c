import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/** Where a case's tables are, from its case.json. */
function databaseOf(dir: string): { url: string; schema: string } | null {
  const info = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as {
    database?: { url: string; schema: string };
  };
  return info.database ?? null;
}

/**
 * Run SQL on a case's database behind Vigie's back, as a user with the database's own tools would (a tampering):
 * better-sqlite3 on case.sqlite with foreign keys off, or a pg client on the case's schema with triggers and
 * foreign-key checks off for the session (`session_replication_role = replica`, a superuser's act). Parameters
 * are written `?` for both. Returns the rows of the last statement.
 */
export function caseSql(dir: string, text: string, ...params: unknown[]): Promise<Record<string, unknown>[]> {
  return caseSqlWith(dir, { bypass: true }, text, ...params);
}

/** caseSql with the database's own checks kept (`bypass: false`: triggers and foreign keys enforced). */
export async function caseSqlWith(
  dir: string,
  opts: { bypass: boolean },
  text: string,
  ...params: unknown[]
): Promise<Record<string, unknown>[]> {
  const db = databaseOf(dir);
  if (!db) {
    const raw = new Database(join(dir, 'case.sqlite'));
    try {
      raw.pragma(`foreign_keys = ${opts.bypass ? 'OFF' : 'ON'}`);
      const st = raw.prepare(text);
      return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
    } finally {
      raw.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
  await client.connect();
  try {
    if (opts.bypass) await client.query('SET session_replication_role = replica');
    let i = 0;
    const r = await client.query(
      text.replace(/\?/g, () => `$${++i}`),
      params,
    );
    return r.rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** Run several statements (no parameters) on a case's database behind Vigie's back. */
export async function caseExec(dir: string, text: string): Promise<void> {
  const db = databaseOf(dir);
  if (!db) {
    const raw = new Database(join(dir, 'case.sqlite'));
    try {
      raw.pragma('foreign_keys = OFF');
      raw.exec(text);
    } finally {
      raw.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await client.query(text);
  } finally {
    await client.end();
  }
}
