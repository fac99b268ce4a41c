// Signals (md5, sha1, sha256, pdq, pdq-dihedral), EXIF facts and hashing issues of media.
import type Database from 'better-sqlite3';
import { VIDEO } from './case-counts.js';

/** A media row still to hash. */
export interface UnhashedMedia {
  readonly sha256: string;
  readonly kind: string;
  readonly mime: string | null;
}

/** Signal type under which the 8 dihedral PDQ hashes are stored, comma-separated in slot order (orig first). */
export const PDQ_DIHEDRAL_TYPE = 'pdq-dihedral';

/**
 * Media not hashed yet for a PDQ convention, in SHA-256 order: never hashed (no sha256 signal and no recorded
 * issue), or an image hashed under another convention only; with a vPDQ size, also videos (by kind or MIME
 * type) without a vpdq signal of that size and without an issue. Other media are settled by their sha256
 * signal or their issue. `video` is 1 for videos.
 */
export function listUnhashedMedia(
  raw: Database.Database,
  convention: string,
  vpdqSize?: string,
): (UnhashedMedia & { video: number })[] {
  const videos =
    vpdqSize === undefined
      ? ''
      : `OR (${VIDEO} AND NOT EXISTS (SELECT 1 FROM signal s WHERE s.sha256 = m.sha256 AND s.type = 'vpdq' AND s.convention = @size)
              AND NOT EXISTS (SELECT 1 FROM media_hash_issue i WHERE i.sha256 = m.sha256))`;
  return raw
    .prepare(
      `SELECT m.sha256, m.kind, m.mime, ${VIDEO} AS video FROM media m
       WHERE (NOT EXISTS (SELECT 1 FROM signal s WHERE s.sha256 = m.sha256 AND s.type = 'sha256')
              AND NOT EXISTS (SELECT 1 FROM media_hash_issue i WHERE i.sha256 = m.sha256))
          OR (EXISTS (SELECT 1 FROM signal s WHERE s.sha256 = m.sha256 AND s.type = 'pdq')
              AND NOT EXISTS (SELECT 1 FROM signal s WHERE s.sha256 = m.sha256 AND s.type = 'pdq' AND s.convention = @convention))
          ${videos}
       ORDER BY m.sha256`,
    )
    .all(vpdqSize === undefined ? { convention } : { convention, size: vpdqSize }) as (UnhashedMedia & {
    video: number;
  })[];
}

/** One file's results as the store writes them. */
export interface MediaHashRecord {
  readonly sha256: string;
  readonly crypto: { md5: string; sha1: string; sha256: string } | null;
  readonly pdq: { convention: string; hash: string; quality: number; dihedral: readonly string[] } | null;
  /** A video's vPDQ frames (reference text format) under a size convention, with the mean frame quality. */
  readonly vpdq?: { size: string; value: string; quality: number } | null;
  readonly exif: {
    make: string | null;
    model: string | null;
    takenAt: string | null;
    gpsLat: number | null;
    gpsLon: number | null;
  } | null;
  readonly issue: { code: string; message: string } | null;
}

/** Prepared writers for hashing results; `write` stores a batch in one transaction. */
export function signalWriter(
  raw: Database.Database,
  runId: string,
): (batch: readonly MediaHashRecord[]) => void {
  const sig = raw.prepare(
    `INSERT OR REPLACE INTO signal (sha256, type, convention, value, quality, run_id) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const exif = raw.prepare(
    `INSERT OR REPLACE INTO media_exif (sha256, make, model, taken_at, gps_lat, gps_lon, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const hashIssue = raw.prepare(
    `INSERT OR REPLACE INTO media_hash_issue (sha256, code, message, run_id) VALUES (?, ?, ?, ?)`,
  );
  const runIssue = raw.prepare(
    `INSERT INTO issue (run_id, source_id, code, file, location, message) VALUES (?, NULL, ?, ?, 'media', ?)`,
  );
  return raw.transaction((batch: readonly MediaHashRecord[]) => {
    for (const r of batch) {
      if (r.crypto) {
        sig.run(r.sha256, 'md5', '', r.crypto.md5, null, runId);
        sig.run(r.sha256, 'sha1', '', r.crypto.sha1, null, runId);
        sig.run(r.sha256, 'sha256', '', r.crypto.sha256, null, runId);
      }
      if (r.pdq) {
        sig.run(r.sha256, 'pdq', r.pdq.convention, r.pdq.hash, r.pdq.quality, runId);
        sig.run(
          r.sha256,
          PDQ_DIHEDRAL_TYPE,
          r.pdq.convention,
          r.pdq.dihedral.join(','),
          r.pdq.quality,
          runId,
        );
      }
      if (r.vpdq) sig.run(r.sha256, 'vpdq', r.vpdq.size, r.vpdq.value, r.vpdq.quality, runId);
      if (r.exif) {
        const e = r.exif;
        exif.run(r.sha256, e.make, e.model, e.takenAt, e.gpsLat, e.gpsLon, runId);
      }
      if (r.issue) {
        hashIssue.run(r.sha256, r.issue.code, r.issue.message, runId);
        runIssue.run(runId, r.issue.code, r.sha256, r.issue.message);
      }
    }
  });
}

/** A stored signal. */
export interface SignalRow {
  readonly sha256: string;
  readonly type: string;
  readonly convention: string;
  readonly value: string;
  readonly quality: number | null;
  readonly run_id: string | null;
}

/** Every signal of one media, sorted by type then convention. */
export function signalsOf(raw: Database.Database, sha256: string): SignalRow[] {
  return raw
    .prepare(`SELECT * FROM signal WHERE sha256 = ? ORDER BY type, convention`)
    .all(sha256) as SignalRow[];
}

/** How many media there are, how many carry a sha256 signal, a pdq signal, and a hashing issue. */
export function hashCounts(raw: Database.Database): {
  media: number;
  hashed: number;
  pdq: number;
  issues: number;
} {
  return raw
    .prepare(
      `SELECT (SELECT count(*) FROM media) AS media,
              (SELECT count(DISTINCT sha256) FROM signal WHERE type = 'sha256') AS hashed,
              (SELECT count(DISTINCT sha256) FROM signal WHERE type = 'pdq') AS pdq,
              (SELECT count(*) FROM media_hash_issue) AS issues`,
    )
    .get() as { media: number; hashed: number; pdq: number; issues: number };
}
