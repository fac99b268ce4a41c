/**
 * Migration 13 (issue 19, ADR 0029): images' wellness thumbnails live in the case database, one row per media
 * (lossless greyscale WebP bytes), written by `vigie hash` in its batched transactions: no file per thumbnail.
 * Old cases keep their `derived/thumbs/` files, which are still read; video strips stay files.
 */
export const migration013 = {
  version: 13,
  name: 'thumbnail',
  sql: `
CREATE TABLE thumbnail (
  sha256 TEXT PRIMARY KEY REFERENCES media(sha256),
  webp BLOB NOT NULL,
  run_id TEXT REFERENCES pipeline_run(id)
);
`,
};
