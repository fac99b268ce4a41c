import { AppError } from '../domain/errors.js';
import { describeHolders, heldCases } from './case-lock.js';

/** The busy timeout in milliseconds: $VIGIE_BUSY_TIMEOUT_MS, else 5000. */
export function busyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env['VIGIE_BUSY_TIMEOUT_MS'] ?? '5000');
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : 5000;
}

const BUSY = /^SQLITE_(BUSY|LOCKED)/;
// SQLITE_IOERR_SHMSIZE: SQLite could not grow its -shm file, which even a read-only open of a WAL case creates.
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', 'SQLITE_IOERR_SHMSIZE']);
const READ_ONLY = /^(SQLITE_READONLY|EROFS$)/;

function where(): string {
  return heldCases().join(', ') || 'the case folder';
}

/**
 * The AppError for an operating-system or SQLite fault (busy, full disk, read-only, name too long), or null when
 * `e` is none of them. The message names the case folder, never the input file being read.
 */
export function faultError(e: unknown): AppError | null {
  if (e instanceof AppError || !(e instanceof Error)) return null;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (BUSY.test(code))
    return new AppError(
      'CASE_BUSY',
      `${where()}: the case is busy, ${describeHolders()}; waited ${busyTimeoutMs()} ms ($VIGIE_BUSY_TIMEOUT_MS); nothing from this step was kept: run the command again when it is free`,
    );
  if (FULL.has(code))
    return new AppError(
      'DISK_FULL',
      `${where()}: no space left on the disk holding the case (${code}); the step was rolled back and nothing half-written was kept: free space and run the command again`,
    );
  const path = (e as NodeJS.ErrnoException).path;
  const inCase = path !== undefined && heldCases().some((d) => path.startsWith(d));
  if (READ_ONLY.test(code) || ((code === 'EACCES' || code === 'EPERM') && inCase))
    return new AppError(
      'CASE_READ_ONLY',
      `${path && inCase ? path : where()}: the case folder or its database cannot be written (${code}); open it with a read-only command or copy the case to a writable disk`,
    );
  if (code === 'ENAMETOOLONG')
    return new AppError(
      'PATH_TOO_LONG',
      `${path ?? where()}: a file name or path is too long for this system`,
    );
  return null;
}
