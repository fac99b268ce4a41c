import { AppError } from '../../domain/errors.js';
import { redact } from './redact.js';
import type { PostgresLocation } from './store.js';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  '57P03',
  '3D000',
  '28P01',
  '28000',
]);

/** The AppError for a PostgreSQL fault (unreachable server, lock wait over, disk full), or null. */
export function pgFault(e: unknown, loc: PostgresLocation): AppError | null {
  if (e instanceof AppError || !(e instanceof Error)) return null;
  const code = (e as { code?: string }).code ?? '';
  const where = `${redact(loc.url)}#${loc.schema}`;
  if (UNREACHABLE.has(code))
    return new AppError(
      'DATABASE_UNREACHABLE',
      `${where}: cannot reach the case database (${code}: ${e.message})`,
    );
  if (code === '55P03')
    return new AppError(
      'CASE_BUSY',
      `${where}: another command held the case for too long (lock wait over); nothing from this step was kept: run it again`,
    );
  if (code === '53100')
    return new AppError(
      'DISK_FULL',
      `${where}: the database server's disk is full; the step was rolled back`,
    );
  return null;
}
