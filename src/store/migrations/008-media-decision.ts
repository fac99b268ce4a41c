/**
 * Migration 8: people's decisions on media (category in a scheme, free tags, note) beside the automatic status.
 * Append-only history: each change is a new row carrying the whole state after it; the highest id per media wins.
 * Each row names the audit event that recorded it (ADR 0020).
 */
export const migration008 = {
  version: 8,
  name: 'media-decision',
  sql: `
CREATE TABLE media_decision (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL REFERENCES media(sha256),
  scheme TEXT NOT NULL,
  category TEXT,
  tags TEXT NOT NULL,
  note TEXT,
  user TEXT NOT NULL,
  at TEXT NOT NULL,
  audit_seq INTEGER NOT NULL
);
CREATE INDEX media_decision_media ON media_decision(sha256, id);
CREATE TRIGGER media_decision_no_update BEFORE UPDATE ON media_decision
  BEGIN SELECT RAISE(ABORT, 'media_decision is append-only'); END;
CREATE TRIGGER media_decision_no_delete BEFORE DELETE ON media_decision
  BEGIN SELECT RAISE(ABORT, 'media_decision is append-only'); END;
`,
};
