import { casePaths, createCaseFolder, type CaseInfo } from '../store/case-folder.js';
import { openCaseDb } from '../store/db.js';
import { appendAudit } from '../store/audit.js';
import { currentUser } from './context.js';
import { AppError } from '../domain/errors.js';
import { anchorAfterCommand } from './anchor-head.js';

/** Input of initCase. */
export interface InitCaseInput {
  dir: string;
  name?: string;
  home?: string;
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
  const info = createCaseFolder(paths, input.name ?? 'Untitled case', home);
  const db = openCaseDb(paths.sqlite, { create: true });
  const user = currentUser();
  try {
    db.raw.transaction(() => {
      appendAudit(db.raw, {
        user,
        command: 'init',
        subject: paths.dir,
        details: { name: info.name, home: info.home },
      });
    })();
    anchorAfterCommand({ db, paths, user });
  } finally {
    db.close();
  }
  return { dir: paths.dir, info };
}
