/** A forward-only step of server.sqlite's schema; never edited once landed. */
export interface ServerMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration of server.sqlite (its own list, apart from the case schema). Append only. */
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
