import { userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { casePaths, readCaseInfo, type CaseInfo, type CasePaths } from '../store/case-folder.js';
import { openCaseDb, type CaseDb } from '../store/db.js';
import { EvidenceStore } from '../store/evidence.js';
import { AppError } from '../domain/errors.js';
import { anchorAfterCommand } from './anchor-head.js';

/** An open case: what every use case receives as its dependencies. */
export interface CaseContext {
  readonly paths: CasePaths;
  readonly info: CaseInfo;
  readonly db: CaseDb;
  readonly evidence: EvidenceStore;
  /** Who acts, for the audit trail ($VIGIE_USER, else the OS user). */
  readonly user: string;
  /** Close the database; a writable context first anchors a new audit head (throws ANCHOR_FAILED, change kept). */
  close(): void;
}

/** Where the case is: --case DIR, else $VIGIE_CASE, else ./vigie-case. */
export function resolveCaseDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env['VIGIE_CASE'] ?? 'vigie-case';
}

/** The acting user's name. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  return env['VIGIE_USER'] ?? userInfo().username;
}

/** Open an existing case; refuses a missing case or one written by a newer Vigie. */
export function openCase(dir: string, opts: { readonly?: boolean } = {}): CaseContext {
  const paths = casePaths(dir);
  const info = readCaseInfo(paths);
  if (!existsSync(paths.sqlite)) {
    throw new AppError('CASE_CORRUPT', `${paths.sqlite}: missing; the case folder is incomplete`);
  }
  const db = openCaseDb(paths.sqlite, { readonly: opts.readonly ?? false });
  const evidence = new EvidenceStore(paths.evidence);
  const user = currentUser();
  return {
    paths,
    info,
    db,
    evidence,
    user,
    close: () => {
      try {
        if (!opts.readonly) anchorAfterCommand({ db, paths, user });
      } finally {
        db.close();
      }
    },
  };
}
