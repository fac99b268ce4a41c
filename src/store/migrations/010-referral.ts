/**
 * Migration 10: referral packages sent (issue 16, ADR 0025). Append-only: one row per package built, naming its
 * actors, the recipient country, the SHA-256 of its signed tag manifest and the audit event that recorded it.
 */
export const migration010 = {
  version: 10,
  name: 'referral',
  sql: `
CREATE TABLE referral (
  id INTEGER PRIMARY KEY,
  package_id TEXT NOT NULL,
  country TEXT NOT NULL,
  actors TEXT NOT NULL,
  tag_manifest_sha256 TEXT NOT NULL,
  signer TEXT NOT NULL,
  include_media INTEGER NOT NULL,
  forced INTEGER NOT NULL,
  reason TEXT,
  user TEXT NOT NULL,
  at TEXT NOT NULL,
  audit_seq INTEGER NOT NULL
);
CREATE TRIGGER referral_no_update BEFORE UPDATE ON referral
  BEGIN SELECT RAISE(ABORT, 'referral is append-only'); END;
CREATE TRIGGER referral_no_delete BEFORE DELETE ON referral
  BEGIN SELECT RAISE(ABORT, 'referral is append-only'); END;
`,
};
