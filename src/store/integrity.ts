import type Database from 'better-sqlite3';

/** A row whose reference names no parent row. */
export interface DanglingReference {
  readonly table: string;
  readonly rowid: number | null;
  readonly parent: string;
}

/**
 * Every foreign-key reference of the case database that names a missing row (`PRAGMA foreign_key_check`), at most
 * `limit`. Imports write with enforcement off for speed (ADR 0009) and rely on the writer's order; `vigie verify`
 * and the tests check the result here.
 */
export function danglingReferences(raw: Database.Database, limit = 10): DanglingReference[] {
  const out: DanglingReference[] = [];
  for (const r of raw.prepare('PRAGMA foreign_key_check').iterate() as Iterable<{
    table: string;
    rowid: number | null;
    parent: string;
  }>) {
    out.push({ table: r.table, rowid: r.rowid, parent: r.parent });
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Run `write` with foreign-key enforcement off (set outside the transaction it opens, where SQLite honours it),
 * and restore enforcement afterwards whatever happens.
 */
export function withoutForeignKeyChecks<T>(raw: Database.Database, write: () => T): T {
  if (raw.inTransaction) return write();
  raw.pragma('foreign_keys = OFF');
  try {
    return write();
  } finally {
    raw.pragma('foreign_keys = ON');
  }
}
