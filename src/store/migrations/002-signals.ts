/** Migration 2: signals computed from media (md5, sha1, sha256, pdq …) and EXIF facts, with their pipeline run. */
export const migration002 = {
  version: 2,
  name: 'signals',
  sql: `
CREATE TABLE signal (
  sha256 TEXT NOT NULL REFERENCES media(sha256),
  type TEXT NOT NULL,
  convention TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL,
  quality INTEGER,
  run_id TEXT REFERENCES pipeline_run(id),
  PRIMARY KEY (sha256, type, convention)
);
CREATE INDEX signal_type_value ON signal(type, value);

CREATE TABLE media_exif (
  sha256 TEXT PRIMARY KEY REFERENCES media(sha256),
  make TEXT,
  model TEXT,
  taken_at TEXT,
  gps_lat REAL,
  gps_lon REAL,
  run_id TEXT REFERENCES pipeline_run(id)
);

CREATE TABLE media_hash_issue (
  sha256 TEXT PRIMARY KEY REFERENCES media(sha256),
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  run_id TEXT REFERENCES pipeline_run(id)
);
`,
};
