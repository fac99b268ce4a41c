import type Database from 'better-sqlite3';

/** Record a stored evidence file (idempotent). */
export function recordEvidence(raw: Database.Database, sha256: string, size: number): void {
  raw
    .prepare('INSERT OR IGNORE INTO evidence (sha256, size, stored_at) VALUES (?, ?, ?)')
    .run(sha256, size, new Date().toISOString());
}

/** Every evidence row, in hash order. */
export function listEvidence(raw: Database.Database): { sha256: string; size: number }[] {
  return raw.prepare('SELECT sha256, size FROM evidence ORDER BY sha256').all() as {
    sha256: string;
    size: number;
  }[];
}

/** True when an evidence row records this hash. */
export function isRecordedEvidence(raw: Database.Database, sha256: string): boolean {
  return raw.prepare('SELECT 1 FROM evidence WHERE sha256 = ?').get(sha256) !== undefined;
}
