import type { CaseInfo, CasePaths } from './case-folder.js';
import type { CaseStore } from './port.js';
import { openSqliteStore } from './sqlite/open.js';
import { openPostgresStore } from './postgres/open.js';

/** Open the database `case.json` names: `case.sqlite` in the folder, or the case's schema on PostgreSQL. */
export async function openStore(
  paths: CasePaths,
  info: Pick<CaseInfo, 'database'>,
  opts: { create?: boolean; readonly?: boolean } = {},
): Promise<CaseStore> {
  if (info.database) return openPostgresStore({ url: info.database.url, schema: info.database.schema }, opts);
  return openSqliteStore(paths.sqlite, opts);
}
