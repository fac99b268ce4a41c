import { AppError } from '../domain/errors.js';
import { faultError } from '../store/faults.js';

/**
 * The AppError to report for `e`: itself when it is one, the mapped code for an operating-system or SQLite fault
 * (CASE_BUSY, DISK_FULL, CASE_READ_ONLY, PATH_TOO_LONG), else null (a bug).
 */
export function asAppError(e: unknown): AppError | null {
  return e instanceof AppError ? e : faultError(e);
}
