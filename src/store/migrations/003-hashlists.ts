/** Migration 3: hash lists (with version history), their entries, and media matches. */
export const migration003 = {
  version: 3,
  name: 'hashlists',
  sql: `
CREATE TABLE hash_list (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('alert', 'ignore')),
  format TEXT NOT NULL,
  version INTEGER NOT NULL,
  source_id TEXT NOT NULL REFERENCES source(id),
  entries INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE hash_list_version (
  list_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  source_id TEXT NOT NULL REFERENCES source(id),
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  role TEXT NOT NULL,
  entries INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('current', 'replaced', 'removed')),
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL,
  ended_at TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (list_name, version)
);

CREATE TABLE hash_list_entry (
  id INTEGER PRIMARY KEY,
  list_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  signal_type TEXT NOT NULL,
  value TEXT NOT NULL,
  category TEXT,
  scheme TEXT,
  record_id TEXT,
  series TEXT,
  extra TEXT,
  line INTEGER,
  position TEXT
);
-- No index on value: exact matching scans entries and probes signal(type, value), so bulk loads append only.
CREATE INDEX hash_list_entry_list ON hash_list_entry(list_name, signal_type);

CREATE TABLE match (
  sha256 TEXT NOT NULL REFERENCES media(sha256),
  entry_id INTEGER NOT NULL REFERENCES hash_list_entry(id),
  list_name TEXT NOT NULL,
  signal_type TEXT NOT NULL,
  convention TEXT NOT NULL DEFAULT '',
  distance INTEGER NOT NULL,
  variant TEXT NOT NULL DEFAULT 'orig',
  run_id TEXT REFERENCES pipeline_run(id),
  PRIMARY KEY (sha256, entry_id)
);
CREATE INDEX match_entry ON match(entry_id);
CREATE INDEX match_list ON match(list_name);
`,
};
