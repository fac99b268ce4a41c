import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { VIGIE_VERSION } from '../domain/version.js';

/** The current case.json format version; a newer one is refused. */
export const CASE_FORMAT_VERSION = 1;

const CaseJson = z.object({
  format: z.literal('vigie-case'),
  formatVersion: z.number().int(),
  name: z.string(),
  home: z.string().nullable(),
  created: z.string(),
  createdBy: z.string(),
  /** Absent: the embedded SQLite database `case.sqlite`. Else the PostgreSQL server (no password) and schema. */
  database: z.object({ kind: z.literal('postgres'), url: z.string(), schema: z.string() }).optional(),
});
/** Contents of case.json. */
export type CaseInfo = z.infer<typeof CaseJson>;

/** Paths inside a case folder. */
export interface CasePaths {
  readonly dir: string;
  readonly caseJson: string;
  readonly sqlite: string;
  readonly evidence: string;
  readonly derived: string;
}

/** The paths of a case folder (it need not exist). */
export function casePaths(dir: string): CasePaths {
  const d = resolve(dir);
  return {
    dir: d,
    caseJson: join(d, 'case.json'),
    sqlite: join(d, 'case.sqlite'),
    evidence: join(d, 'evidence'),
    derived: join(d, 'derived'),
  };
}

/** Create the folder layout and case.json; refuses an existing case. */
export function createCaseFolder(
  paths: CasePaths,
  name: string,
  home: string | null,
  database?: CaseInfo['database'],
): CaseInfo {
  if (existsSync(paths.caseJson) || existsSync(paths.sqlite)) {
    throw new AppError('CASE_EXISTS', `${paths.dir}: a case already exists here; refusing to overwrite it`);
  }
  if (existsSync(paths.dir) && !statSync(paths.dir).isDirectory()) {
    throw new AppError('USAGE', `${paths.dir}: exists and is not a folder`);
  }
  mkdirSync(paths.evidence, { recursive: true });
  mkdirSync(paths.derived, { recursive: true });
  const info: CaseInfo = {
    format: 'vigie-case',
    formatVersion: CASE_FORMAT_VERSION,
    name,
    home,
    created: new Date().toISOString(),
    createdBy: VIGIE_VERSION,
    ...(database ? { database } : {}),
  };
  writeFileSync(paths.caseJson, JSON.stringify(info, null, 2) + '\n', { flag: 'wx' });
  return info;
}

/** Read and validate case.json; refuses a missing case or one written by a newer format. */
export function readCaseInfo(paths: CasePaths): CaseInfo {
  if (!existsSync(paths.caseJson)) {
    throw new AppError(
      'CASE_NOT_FOUND',
      `${paths.dir}: no case here (no case.json). Create one with 'vigie init', or name it with --case DIR or $VIGIE_CASE.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(paths.caseJson, 'utf8'));
  } catch (e) {
    throw new AppError('CASE_CORRUPT', `${paths.caseJson}: not valid JSON: ${(e as Error).message}`);
  }
  const r = CaseJson.safeParse(parsed);
  if (!r.success) {
    throw new AppError(
      'CASE_CORRUPT',
      `${paths.caseJson}: not a Vigie case file: ${r.error.issues[0]?.message}`,
    );
  }
  if (r.data.formatVersion > CASE_FORMAT_VERSION) {
    throw new AppError(
      'CASE_TOO_NEW',
      `${paths.caseJson}: case format ${r.data.formatVersion} was written by Vigie ${r.data.createdBy}; this Vigie ${VIGIE_VERSION} reads format ${CASE_FORMAT_VERSION}. Upgrade Vigie.`,
    );
  }
  return r.data;
}
