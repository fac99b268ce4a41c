import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../domain/errors.js';
import { VIGIE_VERSION } from '../domain/version.js';

/** The current case.json format version; a newer one is refused. */
export const CASE_FORMAT_VERSION = 1;

/** Contents of case.json. */
export interface CaseInfo {
  format: 'vigie-case';
  formatVersion: number;
  name: string;
  home: string | null;
  created: string;
  createdBy: string;
  /** Absent: the embedded SQLite database `case.sqlite`. Else the PostgreSQL server (no password) and schema. */
  database?: { kind: 'postgres'; url: string; schema: string };
}

/**
 * What is wrong with a parsed case.json (`name: expected a string`), or null. Checked by hand rather than with a
 * zod schema: every command that opens a case reads this file, and zod is not loaded for it (start-up, ADR 0027).
 */
function caseJsonProblem(v: unknown): string | null {
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(v)) return 'expected an object';
  if (v['format'] !== 'vigie-case') return `format: expected "vigie-case"`;
  if (!Number.isSafeInteger(v['formatVersion'])) return 'formatVersion: expected an integer';
  for (const k of ['name', 'created', 'createdBy'])
    if (typeof v[k] !== 'string') return `${k}: expected a string`;
  if (v['home'] !== null && typeof v['home'] !== 'string') return 'home: expected a string or null';
  const db = v['database'];
  if (db === undefined) return null;
  if (!isObject(db) || db['kind'] !== 'postgres') return 'database.kind: expected "postgres"';
  for (const k of ['url', 'schema']) if (typeof db[k] !== 'string') return `database.${k}: expected a string`;
  return null;
}

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
  const problem = caseJsonProblem(parsed);
  if (problem) {
    throw new AppError('CASE_CORRUPT', `${paths.caseJson}: not a Vigie case file: ${problem}`);
  }
  // Known fields only (as a zod object did): an unknown one is not carried into a copy of case.json.
  const { format, formatVersion, name, home, created, createdBy, database } = parsed as CaseInfo;
  const info: CaseInfo = { format, formatVersion, name, home, created, createdBy };
  if (database) info.database = { kind: database.kind, url: database.url, schema: database.schema };
  if (info.formatVersion > CASE_FORMAT_VERSION) {
    throw new AppError(
      'CASE_TOO_NEW',
      `${paths.caseJson}: case format ${info.formatVersion} was written by Vigie ${info.createdBy}; this Vigie ${VIGIE_VERSION} reads format ${CASE_FORMAT_VERSION}. Upgrade Vigie.`,
    );
  }
  return info;
}
