/** Migration 1: the case core — audit trail, runs, evidence, sources, chats, actors, messages, media, issues. */
export const migration001 = {
  version: 1,
  name: 'case-core',
  sql: `
CREATE TABLE audit_event (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  command TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
  BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
  BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;

CREATE TABLE pipeline_run (
  id TEXT PRIMARY KEY,
  stage TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '{}',
  stats TEXT NOT NULL DEFAULT '{}',
  vigie_version TEXT NOT NULL
);

CREATE TABLE evidence (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  stored_at TEXT NOT NULL
);

CREATE TABLE source (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  label TEXT,
  original_path TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '{}',
  metadata TEXT NOT NULL DEFAULT '{}',
  tool_version TEXT NOT NULL,
  run_id TEXT REFERENCES pipeline_run(id)
);
CREATE UNIQUE INDEX source_kind_sha ON source(kind, sha256);

CREATE TABLE source_file (
  source_id TEXT NOT NULL REFERENCES source(id),
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (source_id, path)
);

CREATE TABLE chat (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  type TEXT,
  title TEXT,
  migrated_from TEXT
);
CREATE TABLE chat_title (
  chat_id TEXT NOT NULL REFERENCES chat(id),
  title TEXT NOT NULL,
  first_seen INTEGER,
  last_seen INTEGER,
  source_id TEXT NOT NULL REFERENCES source(id),
  PRIMARY KEY (chat_id, title, source_id)
);
CREATE TABLE chat_source (
  chat_id TEXT NOT NULL REFERENCES chat(id),
  source_id TEXT NOT NULL REFERENCES source(id),
  type TEXT,
  origin TEXT NOT NULL DEFAULT 'root',
  raw_id TEXT,
  PRIMARY KEY (chat_id, source_id)
);

CREATE TABLE actor (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  kind TEXT NOT NULL
);
CREATE TABLE actor_name (
  actor_id TEXT NOT NULL REFERENCES actor(id),
  name TEXT NOT NULL,
  first_seen INTEGER,
  last_seen INTEGER,
  source_id TEXT NOT NULL REFERENCES source(id),
  PRIMARY KEY (actor_id, name, source_id)
);

CREATE TABLE message (
  chat_id TEXT NOT NULL REFERENCES chat(id),
  message_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  author_id TEXT REFERENCES actor(id),
  author_name TEXT,
  date_utc INTEGER,
  date_local TEXT,
  tz_assumed TEXT,
  date_quality TEXT NOT NULL DEFAULT 'exact',
  edited_utc INTEGER,
  text TEXT,
  entities TEXT,
  reply_to INTEGER,
  reply_to_peer TEXT,
  forwarded_from TEXT,
  saved_from TEXT,
  via_bot TEXT,
  signature TEXT,
  action TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  version_hash TEXT NOT NULL,
  raw TEXT NOT NULL,
  PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX message_author ON message(author_id);
CREATE INDEX message_date ON message(date_utc);

CREATE TABLE message_version (
  chat_id TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  version_hash TEXT NOT NULL,
  edited_utc INTEGER,
  text TEXT,
  raw TEXT NOT NULL,
  first_source_id TEXT NOT NULL REFERENCES source(id),
  PRIMARY KEY (chat_id, message_id, version_hash),
  FOREIGN KEY (chat_id, message_id) REFERENCES message(chat_id, message_id)
);
CREATE TABLE message_source (
  chat_id TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  source_id TEXT NOT NULL REFERENCES source(id),
  version_hash TEXT NOT NULL,
  PRIMARY KEY (chat_id, message_id, source_id),
  FOREIGN KEY (chat_id, message_id) REFERENCES message(chat_id, message_id)
) WITHOUT ROWID;

CREATE TABLE media (
  sha256 TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  mime TEXT,
  size INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  duration INTEGER
);
CREATE TABLE media_occurrence (
  chat_id TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  role TEXT NOT NULL,
  kind TEXT NOT NULL,
  sha256 TEXT REFERENCES media(sha256),
  path TEXT NOT NULL,
  placeholder TEXT,
  mime TEXT,
  file_name TEXT,
  declared_size INTEGER,
  width INTEGER,
  height INTEGER,
  duration INTEGER,
  source_id TEXT NOT NULL REFERENCES source(id),
  PRIMARY KEY (chat_id, message_id, role, source_id),
  FOREIGN KEY (chat_id, message_id) REFERENCES message(chat_id, message_id)
);
CREATE INDEX media_occurrence_sha ON media_occurrence(sha256);

CREATE TABLE membership (
  id TEXT PRIMARY KEY,
  actor_id TEXT REFERENCES actor(id),
  member_name TEXT,
  chat_id TEXT NOT NULL REFERENCES chat(id),
  kind TEXT NOT NULL,
  at INTEGER,
  last_at INTEGER,
  message_id INTEGER,
  by_actor_id TEXT,
  source_id TEXT NOT NULL REFERENCES source(id),
  CHECK (actor_id IS NOT NULL OR member_name IS NOT NULL)
);
CREATE INDEX membership_chat ON membership(chat_id);
CREATE INDEX membership_actor ON membership(actor_id);

CREATE TABLE issue (
  id INTEGER PRIMARY KEY,
  run_id TEXT REFERENCES pipeline_run(id),
  source_id TEXT,
  code TEXT NOT NULL,
  file TEXT NOT NULL,
  location TEXT NOT NULL,
  message TEXT NOT NULL
);
`,
};
