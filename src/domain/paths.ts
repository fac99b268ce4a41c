import { AppError } from './errors.js';

/** Longest file name (bytes) on the file systems Vigie supports. */
export const MAX_NAME_BYTES = 255;
/** Longest path (bytes), as Linux's PATH_MAX. */
export const MAX_PATH_BYTES = 4096;
/** Room a case folder needs under its own path (evidence/ab/cd/<sha256>, derived files, SQLite's -journal). */
export const CASE_INNER_BYTES = 160;

/**
 * Refuse (PATH_TOO_LONG) a path with a component over MAX_NAME_BYTES bytes, or longer than MAX_PATH_BYTES minus
 * `room` bytes (what will be created below it), before anything is created.
 */
export function checkPathLength(path: string, what: string, room = 0): void {
  const bytes = Buffer.byteLength(path);
  if (bytes + room > MAX_PATH_BYTES)
    throw new AppError(
      'PATH_TOO_LONG',
      `${what}: the path is ${bytes} bytes long; with the ${room} bytes needed below it, it exceeds the ${MAX_PATH_BYTES}-byte limit: choose a shorter folder`,
    );
  const long = path.split(/[\\/]/).find((c) => Buffer.byteLength(c) > MAX_NAME_BYTES);
  if (long !== undefined)
    throw new AppError(
      'PATH_TOO_LONG',
      `${what}: the name ${JSON.stringify(long.slice(0, 40) + '…')} is ${Buffer.byteLength(long)} bytes long; names are limited to ${MAX_NAME_BYTES} bytes`,
    );
}
