import { casePaths, createCaseFolder, type CaseInfo, type CasePaths } from '../store/case-folder.js';
import { openStore } from '../store/open-store.js';
import { checkDatabaseUrl } from '../store/postgres/store.js';
import { dropPostgresSchema } from '../store/postgres/open.js';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { currentUser } from './context.js';
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { AppError, isAppError } from '../domain/errors.js';
import { asAppError } from './faults.js';
import { CASE_INNER_BYTES, checkPathLength } from '../domain/paths.js';
import { anchorAfterCommand } from './anchor-head.js';

/** Input of initCase. */
export interface InitCaseInput {
  dir: string;
  name?: string;
  home?: string;
  /** A PostgreSQL server and database (`postgres://HOST[:PORT]/DB`, no password) for the case's tables. */
  database?: string;
  /** Anchor the first audit head (default true; false for scratch cases such as verify's replay). */
  anchor?: boolean;
}

/** Create a new case folder with its database and first audit event. */
export async function initCase(input: InitCaseInput): Promise<{ dir: string; info: CaseInfo }> {
  const home = input.home?.toUpperCase() ?? null;
  if (home !== null && !/^[A-Z]{2}$/.test(home)) {
    throw new AppError(
      'USAGE',
      `--home ${input.home}: expected an ISO 3166-1 alpha-2 country code such as FR`,
    );
  }
  const paths = casePaths(input.dir);
  checkPathLength(paths.dir, paths.dir, CASE_INNER_BYTES);
  if (existsSync(paths.caseJson) || existsSync(paths.sqlite))
    throw new AppError('CASE_EXISTS', `${paths.dir}: a case already exists here; refusing to overwrite it`);
  const existed = existsSync(paths.dir);
  if (input.database !== undefined) checkDatabaseUrl(input.database);
  const database =
    input.database === undefined
      ? undefined
      : {
          kind: 'postgres' as const,
          url: input.database,
          schema: schemaName(paths.dir),
        };
  let info: CaseInfo;
  // An anchoring failure keeps the case made (its message says the next command anchors it).
  let anchorError: unknown = null;
  try {
    info = createCaseFolder(paths, input.name ?? 'Untitled case', home, database);
    const store = await openStore(paths, info, { create: true });
    const user = currentUser();
    try {
      const details = { name: info.name, home: info.home, ...(database ? { database: 'postgres' } : {}) };
      await store.transaction((tx) =>
        tx.audit.append({ user, command: 'init', subject: paths.dir, details }),
      );
      try {
        if (input.anchor !== false) await anchorAfterCommand({ store, paths, user });
      } catch (e) {
        anchorError = e;
      }
    } finally {
      await store.close();
    }
  } catch (e) {
    // A full or read-only disk, an unreachable server: leave no half-made case behind.
    if (!isAppError(e, 'USAGE') && !isAppError(e, 'CASE_EXISTS')) {
      removeHalfMadeCase(paths, existed);
      if (database) await dropPostgresSchema(database).catch(() => undefined);
    }
    throw asAppError(e) ?? e;
  }
  if (anchorError) throw anchorError;
  return { dir: paths.dir, info };
}

function removeHalfMadeCase(paths: CasePaths, existed: boolean): void {
  try {
    if (!existed) {
      rmSync(paths.dir, { recursive: true, force: true });
      return;
    }
    for (const f of [paths.caseJson, paths.sqlite, `${paths.sqlite}-wal`, `${paths.sqlite}-shm`])
      rmSync(f, { force: true });
    for (const d of [paths.evidence, paths.derived]) if (existsSync(d)) rmdirSync(d);
  } catch {
    // a read-only disk: nothing could be written either
  }
}

/** A new case's PostgreSQL schema: `case_`, the folder's name in lower-case letters and digits, a random suffix. */
export function schemaName(dir: string): string {
  const stem = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return `case_${stem || 'x'}_${randomBytes(4).toString('hex')}`;
}
