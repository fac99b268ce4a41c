import { openCaseDb, type CaseDb } from './db.js';
import type { CaseStore } from '../port.js';
import { sqliteStore } from './store.js';

/** Open a case's SQLite file as a store; `legacy` is the same connection for code not yet on the port. */
export function openSqliteStore(
  file: string,
  opts: { create?: boolean; readonly?: boolean } = {},
): { store: CaseStore; legacy: CaseDb } {
  const db = openCaseDb(file, opts);
  return { store: sqliteStore(db.raw, db.kysely, file, () => db.close()), legacy: db };
}
