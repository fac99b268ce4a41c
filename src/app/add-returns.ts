import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { ItemIssue } from '../domain/issue.js';
import { VIGIE_VERSION } from '../domain/version.js';
import { parseReturns } from '../formats/returns.js';
import { appendAudit } from '../store/audit.js';
import { recordEvidence } from '../store/evidence-index.js';
import { findReturnsSource, insertReturnRows, insertReturnsSource } from '../store/returns.js';
import { finishRun, startRun } from '../store/runs.js';
import { sourceRowDigest } from '../store/row-digest.js';

/** Input of `vigie returns add`. */
export interface AddReturnsInput {
  readonly file: string;
  /** `col=field,...` for other column names. */
  readonly map?: string;
  /** Label of who obtained the return (e.g. the request reference). */
  readonly label?: string;
}

/** What adding a return did. */
export interface AddReturnsResult {
  readonly source: string;
  readonly sha256: string;
  readonly alreadyAdded: boolean;
  readonly rows: number;
  readonly accounts: number;
  /** Platform ids in the return that the case does not know (rows kept). */
  readonly unknownAccounts: readonly string[];
  readonly issues: readonly ItemIssue[];
}

/** Add a legal-process return: file into the evidence store, rows into return_row, one audited transaction. */
export async function addReturns(
  deps: Pick<CaseContext, 'db' | 'evidence' | 'user'>,
  input: AddReturnsInput,
): Promise<AddReturnsResult> {
  const path = resolve(input.file);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new AppError('FILE_NOT_FOUND', `${input.file}: no such file`);
  const text = readFileSync(path, 'utf8');
  const { rows, issues } = parseReturns(text, basename(path), input.map);
  const raw = deps.db.raw;
  const stored = deps.evidence.putFile(path);
  const existing = findReturnsSource(raw, stored.sha256);
  if (existing) {
    return {
      source: existing,
      sha256: stored.sha256,
      alreadyAdded: true,
      rows: 0,
      accounts: 0,
      unknownAccounts: [],
      issues: [],
    };
  }
  const sourceId = `returns-${stored.sha256.slice(0, 16)}`;
  const runId = startRun(raw, 'returns', { file: basename(path), map: input.map ?? null });
  let unknown: string[] = [];
  try {
    raw.transaction(() => {
      recordEvidence(raw, stored.sha256, stored.size);
      insertReturnsSource(raw, {
        id: sourceId,
        sha256: stored.sha256,
        label: input.label ?? null,
        originalPath: path,
        options: { map: input.map ?? null },
        metadata: { rows: rows.length },
        toolVersion: VIGIE_VERSION,
        runId,
      });
      unknown = insertReturnRows(raw, sourceId, rows);
      const iss = raw.prepare(
        'INSERT INTO issue (run_id, source_id, code, file, location, message) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const i of issues) iss.run(runId, sourceId, i.code, i.source, i.location, i.message);
      appendAudit(raw, {
        user: deps.user,
        command: 'returns add',
        subject: sourceId,
        details: {
          file: basename(path),
          sha256: stored.sha256,
          rows: rows.length,
          unknownAccounts: unknown.length,
          issues: issues.length,
          rowDigest: sourceRowDigest(raw, sourceId),
        },
      });
    })();
  } catch (e) {
    finishRun(raw, runId, 'failed', { error: (e as Error).message });
    throw e;
  }
  finishRun(raw, runId, issues.some((i) => i.severity !== 'warning') ? 'issues' : 'ok', {
    rows: rows.length,
    unknownAccounts: unknown.length,
    issues: issues.length,
  });
  return {
    source: sourceId,
    sha256: stored.sha256,
    alreadyAdded: false,
    rows: rows.length,
    accounts: new Set(rows.map((r) => r.userId)).size,
    unknownAccounts: unknown,
    issues,
  };
}
