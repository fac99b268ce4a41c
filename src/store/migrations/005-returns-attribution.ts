/** Migration 5: legal-process return rows (evidence-derived facts), attributions, triage scores, target decisions. */
export const migration005 = {
  version: 5,
  name: 'returns-attribution',
  sql: `
CREATE TABLE return_row (
  source_id TEXT NOT NULL REFERENCES source(id),
  line INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  raw_user_id TEXT NOT NULL,
  actor_id TEXT REFERENCES actor(id),
  phone TEXT,
  phone_country TEXT,
  ip TEXT,
  seen_at INTEGER,
  raw TEXT NOT NULL,
  PRIMARY KEY (source_id, line)
);
CREATE INDEX return_row_user ON return_row(user_id);

CREATE TABLE attribution (
  actor_id TEXT PRIMARY KEY,
  country TEXT,
  top_country TEXT NOT NULL,
  probability REAL NOT NULL,
  abstained INTEGER NOT NULL,
  reason TEXT,
  candidates TEXT NOT NULL,
  origin TEXT,
  evidence TEXT NOT NULL,
  run_id TEXT NOT NULL REFERENCES pipeline_run(id)
);
CREATE INDEX attribution_country ON attribution(country);

CREATE TABLE score (
  actor_id TEXT PRIMARY KEY,
  rank INTEGER NOT NULL,
  total REAL NOT NULL,
  factors TEXT NOT NULL,
  policy TEXT NOT NULL,
  run_id TEXT NOT NULL REFERENCES pipeline_run(id)
);
CREATE INDEX score_rank ON score(rank);

CREATE TABLE target_decision (
  id INTEGER PRIMARY KEY,
  actor_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
  reason TEXT NOT NULL,
  user TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX target_decision_actor ON target_decision(actor_id, id);
`,
};
