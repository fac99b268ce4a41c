import type { CaseInfo, CasePaths } from './case-folder.js';
import type { CaseDb } from './sqlite/db.js';
import type { CaseStore } from './port.js';
import { openSqliteStore } from './sqlite/open.js';
import { openPostgresStore } from './postgres/open.js';

/** An opened case database: the store, and (SQLite only, while code moves to the port) the raw connection. */
export interface OpenedStore {
  readonly store: CaseStore;
  readonly legacy: CaseDb | null;
}

/** Open the database `case.json` names: `case.sqlite` in the folder, or the case's schema on PostgreSQL. */
export async function openStore(
  paths: CasePaths,
  info: Pick<CaseInfo, 'database'>,
  opts: { create?: boolean; readonly?: boolean } = {},
): Promise<OpenedStore> {
  if (info.database) {
    const store = await openPostgresStore({ url: info.database.url, schema: info.database.schema }, opts);
    return { store, legacy: null };
  }
  return openSqliteStore(paths.sqlite, opts);
}
