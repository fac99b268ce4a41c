import { AppError } from '../../domain/errors.js';
import { VIGIE_VERSION } from '../../domain/version.js';
import { MIGRATIONS } from './index.js';

/** One applied migration as `schema_migration` records it. */
export interface AppliedMigration {
  version: number;
  name: string;
  vigie_version: string;
}

/**
 * Check a database's migration history against ours (the same on both databases): refuse one written by a newer
 * Vigie or one whose history diverges. Returns how many migrations are applied.
 */
export function checkHistory(rows: readonly AppliedMigration[], where: string): number {
  rows.forEach((row, i) => {
    const ours = MIGRATIONS[i];
    if (!ours) {
      throw new AppError(
        'CASE_TOO_NEW',
        `${where}: written by Vigie ${row.vigie_version} with schema version ${row.version} (${row.name}); this Vigie ${VIGIE_VERSION} knows schema versions up to ${MIGRATIONS.length}. Upgrade Vigie.`,
      );
    }
    if (ours.version !== row.version || ours.name !== row.name) {
      throw new AppError(
        'CASE_CORRUPT',
        `${where}: schema history diverges at version ${row.version} (${row.name}, written by Vigie ${row.vigie_version}); this Vigie expects ${ours.version} (${ours.name}).`,
      );
    }
  });
  return rows.length;
}
