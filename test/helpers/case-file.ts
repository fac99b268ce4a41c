// A direct connection to a SQLite case's file, for a test's own reads or tampering behind Vigie's back (what a
// user with the sqlite3 tool could do, never what Vigie does). For tests on both databases use case-sql.ts.
import Database from 'better-sqlite3';
import type { CaseContext } from '../../src/app/context.js';

const open = new Map<string, Database.Database>();

/** The case's SQLite file through its own better-sqlite3 connection (one per file, busy timeout 10 s). */
export function caseFile(ctx: Pick<CaseContext, 'paths'>): Database.Database {
  let db = open.get(ctx.paths.sqlite);
  if (!db || !db.open) {
    db = new Database(ctx.paths.sqlite);
    db.pragma('busy_timeout = 10000');
    open.set(ctx.paths.sqlite, db);
  }
  return db;
}

/** Close the connection caseFile opened on this case, if any. */
export function closeCaseFile(ctx: Pick<CaseContext, 'paths'>): void {
  open.get(ctx.paths.sqlite)?.close();
  open.delete(ctx.paths.sqlite);
}
