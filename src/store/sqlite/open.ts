import { openCaseDb } from './db.js';
import type { CaseStore } from '../port.js';
import { sqliteStore } from './store.js';

/** Open a case's SQLite file as a store. */
export function openSqliteStore(
  file: string,
  opts: { create?: boolean; readonly?: boolean } = {},
): CaseStore {
  const db = openCaseDb(file, opts);
  return sqliteStore(db.raw, db.kysely, file, () => db.close());
}
