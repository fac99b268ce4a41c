import { AppError } from '../../domain/errors.js';
import { VIGIE_VERSION } from '../../domain/version.js';

/** A forward-only step of the people store's schema; never edited once landed. */
export interface ServerMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Every migration of the people store (its own list, apart from the case schema), written in SQLite's SQL; the
 * PostgreSQL people schema applies the same list translated (`store/postgres/server-db.ts`). Append only.
 */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  {
    version: 1,
    name: 'people',
    sql: `
CREATE TABLE person (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
CREATE TABLE case_grant (
  person TEXT NOT NULL REFERENCES person(name),
  case_name TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  granted_by TEXT NOT NULL,
  PRIMARY KEY (person, case_name)
);
CREATE TABLE session (
  id_hash TEXT PRIMARY KEY,
  person TEXT NOT NULL REFERENCES person(name),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  address TEXT NOT NULL
);
CREATE INDEX session_person ON session(person);
CREATE TABLE sign_in (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX sign_in_name ON sign_in(name, seq);
CREATE INDEX sign_in_address ON sign_in(address, seq);
CREATE TABLE people_event (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  person TEXT NOT NULL,
  detail TEXT NOT NULL
);
`,
  },
];

/** One applied migration as the people store's `schema_migration` records it. */
export interface AppliedServerMigration {
  readonly version: number;
  readonly name: string;
  readonly vigie_version: string;
}

/** Refuse a people store whose history is not a prefix of ours (written by a newer Vigie); how many are applied. */
export function checkServerHistory(rows: readonly AppliedServerMigration[], where: string): number {
  for (const [i, d] of rows.entries()) {
    const m = SERVER_MIGRATIONS[i];
    if (!m || m.version !== d.version || m.name !== d.name)
      throw new AppError(
        'CASE_TOO_NEW',
        `${where}: migration ${d.version} '${d.name}' was written by Vigie ${d.vigie_version}, which is newer than this one (${VIGIE_VERSION})`,
      );
  }
  return rows.length;
}
