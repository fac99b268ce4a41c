import type { CaseInfo, CasePaths } from './case-folder.js';
import type { CaseStore } from './port.js';

/**
 * Open the database `case.json` names: `case.sqlite` in the folder, or the case's schema on PostgreSQL. Each
 * driver is loaded when a case needs it (a SQLite case never loads pg: CLI start-up, issue 17).
 */
export async function openStore(
  paths: CasePaths,
  info: Pick<CaseInfo, 'database'>,
  opts: { create?: boolean; readonly?: boolean } = {},
): Promise<CaseStore> {
  if (info.database) {
    const { openPostgresStore } = await import('./postgres/open.js');
    return openPostgresStore({ url: info.database.url, schema: info.database.schema }, opts);
  }
  const { openSqliteStore } = await import('./sqlite/open.js');
  return openSqliteStore(paths.sqlite, opts);
}
