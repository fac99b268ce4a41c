/**
 * Migration 11 (issue 19): the case's own (collecting, undercover) accounts marked by a person
 * (`vigie actor ID --undercover --reason`), append-only with the audit event that recorded each mark; and each new
 * cluster's self-production assessment, derived by `vigie analyse` (replaced with the analysis).
 */
export const migration011 = {
  version: 11,
  name: 'own-account',
  sql: `
CREATE TABLE own_account (
  id INTEGER PRIMARY KEY,
  actor_id TEXT NOT NULL,
  undercover INTEGER NOT NULL,
  reason TEXT,
  user TEXT NOT NULL,
  at TEXT NOT NULL,
  audit_seq INTEGER NOT NULL
);
CREATE INDEX own_account_actor ON own_account(actor_id, id);
CREATE TRIGGER own_account_no_update BEFORE UPDATE ON own_account
  BEGIN SELECT RAISE(ABORT, 'own_account is append-only'); END;
CREATE TRIGGER own_account_no_delete BEFORE DELETE ON own_account
  BEGIN SELECT RAISE(ABORT, 'own_account is append-only'); END;
CREATE TABLE cluster_production (
  cluster_id TEXT PRIMARY KEY,
  assessment TEXT NOT NULL,
  score REAL NOT NULL,
  signals TEXT NOT NULL,
  run_id TEXT NOT NULL
);
`,
};
