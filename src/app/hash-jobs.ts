import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { PdqConvention } from '../signals/pdq/index.js';
import type { VpdqSize } from '../signals/vpdq/index.js';
import type { PostgresLocation } from '../store/postgres/store.js';

/** What one hashing job carries: the run it belongs to, its media and the hashing options of the run. */
export interface HashJobData {
  readonly runId: string;
  readonly sha256s: readonly string[];
  readonly convention: PdqConvention;
  readonly vpdqSize: VpdqSize | null;
  readonly secondsPerHash: number;
  readonly thumbnails: boolean;
}

/** What a finished hashing job reports (its output in the queue); summed into the run's figures. */
export interface HashJobOutput extends Record<string, unknown> {
  readonly total: number;
  /** Media given their hashes by this job (its last try). */
  readonly hashed: number;
  readonly issues: number;
  /** Media of the job already hashed when it ran (by an earlier try of a killed worker). */
  readonly already: number;
}

/** The job queue lives in the case's PostgreSQL database: refuse a SQLite case, naming the in-process way. */
export function jobsLocation(deps: Pick<CaseContext, 'info' | 'paths'>, command: string): PostgresLocation {
  const db = deps.info.database;
  if (!db)
    throw new AppError(
      'USAGE',
      `${deps.paths.dir}: ${command} needs a case on PostgreSQL (its jobs live in the case's database); on this SQLite case run \`vigie hash\`, which hashes with a pool of threads`,
    );
  return { url: db.url, schema: db.schema };
}
