import { userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { casePaths, readCaseInfo, type CaseInfo, type CasePaths } from '../store/case-folder.js';
import type { CaseStore } from '../store/port.js';
import { openStore } from '../store/open-store.js';
import { EvidenceStore } from '../store/evidence.js';
import { acquireLock, liveHolders, noteCase, type CaseLock } from '../store/case-lock.js';
import { faultError } from '../store/faults.js';
import { AppError } from '../domain/errors.js';
import { CASE_INNER_BYTES, checkPathLength } from '../domain/paths.js';

/** An open case: what every use case receives as its dependencies. */
export interface CaseContext {
  readonly paths: CasePaths;
  readonly info: CaseInfo;
  /** The case store: repositories and transactions (SQLite or PostgreSQL). */
  readonly store: CaseStore;
  readonly evidence: EvidenceStore;
  /** Who acts, for the audit trail ($VIGIE_USER, else the OS user). */
  readonly user: string;
  /** Close the store; a writable context first anchors a new audit head (throws ANCHOR_FAILED, change kept). */
  close(): Promise<void>;
}

/**
 * Open the store; a read-only open of a case written by an older Vigie first migrates it forward through a brief
 * writable open (which takes the case lock, so CASE_BUSY while another command writes), then opens it read-only.
 */
async function openReadableStore(
  dir: string,
  paths: CasePaths,
  info: CaseInfo,
  opts: { readonly?: boolean; user?: string },
): Promise<CaseStore> {
  try {
    return await openStore(paths, info, { readonly: opts.readonly ?? false });
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'CASE_OUTDATED' || !opts.readonly) throw e;
    const writable = await openCase(dir, {
      command: 'vigie (migrating the case)',
      ...(opts.user ? { user: opts.user } : {}),
    });
    await writable.close();
    return await openStore(paths, info, { readonly: true });
  }
}

/** Where the case is: --case DIR, else $VIGIE_CASE, else ./vigie-case. */
export function resolveCaseDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env['VIGIE_CASE'] ?? 'vigie-case';
}

/** The acting user's name. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  return env['VIGIE_USER'] ?? userInfo().username;
}

/** The running command as a lock file names it (`vigie import`). */
function commandName(): string {
  const verb = process.argv.slice(2).find((a) => !a.startsWith('-'));
  return verb ? `vigie ${verb}` : 'vigie';
}

/**
 * Open an existing case; refuses a missing case or one written by a newer Vigie. Opening for writing writes a lock
 * file naming this process (for CASE_BUSY messages) and marks runs left `running` by a dead process `interrupted`.
 */
export async function openCase(
  dir: string,
  opts: {
    readonly?: boolean;
    command?: string;
    /** false for scratch cases (verify's replay): no anchor */ anchor?: boolean;
    /** Who acts, for the audit trail and the lock file (the server passes the signed-in person); default the OS user. */
    user?: string;
  } = {},
): Promise<CaseContext> {
  const paths = casePaths(dir);
  checkPathLength(paths.dir, paths.dir, CASE_INNER_BYTES);
  const info = readCaseInfo(paths);
  if (!info.database && !existsSync(paths.sqlite)) {
    throw new AppError('CASE_CORRUPT', `${paths.sqlite}: missing; the case folder is incomplete`);
  }
  const user = opts.user ?? currentUser();
  noteCase(paths.dir);
  let lock: CaseLock | null = null;
  if (!opts.readonly) {
    try {
      lock = acquireLock(paths.dir, opts.command ?? commandName(), user);
    } catch (e) {
      throw faultError(e) ?? e;
    }
  }
  let store: CaseStore;
  try {
    store = await openReadableStore(dir, paths, info, opts);
  } catch (e) {
    lock?.release();
    throw e;
  }
  try {
    if (lock) await recoverInterrupted(store, paths.dir, lock.file, user);
  } catch (e) {
    await store.close();
    lock?.release();
    throw e;
  }
  const evidence = new EvidenceStore(paths.evidence);
  return {
    paths,
    info,
    store,
    evidence,
    user,
    close: async () => {
      try {
        if (!opts.readonly && opts.anchor !== false) {
          // Loaded here: a read-only command never anchors, so it does not import the signing code (start-up).
          const { anchorAfterCommand } = await import('./anchor-head.js');
          await anchorAfterCommand({ store, paths, user });
        }
      } finally {
        await store.close();
        lock?.release();
      }
    },
  };
}

/** Runs left `running` while no other live process holds the case died with their process: mark them. */
async function recoverInterrupted(
  store: CaseStore,
  dir: string,
  ownLock: string,
  user: string,
): Promise<void> {
  if (!(await store.runs.anyRunning()) || liveHolders(dir, ownLock).length) return;
  try {
    const ids = await store.transaction((tx) =>
      liveHolders(dir, ownLock).length ? Promise.resolve([]) : tx.runs.markInterrupted(user),
    );
    // Said where the person looks: the next command names what the killed one left unfinished.
    for (const id of ids)
      process.stderr.write(
        `warning: run ${id} was interrupted (its process is gone): marked interrupted in the audit trail; run its command again to finish it\n`,
      );
  } catch (e) {
    const fault = faultError(e) ?? e;
    if (fault instanceof AppError && fault.code === 'CASE_BUSY') return; // someone is writing: they are alive
    throw fault;
  }
}
