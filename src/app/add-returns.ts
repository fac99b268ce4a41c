import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import type { ItemIssue } from '../domain/issue.js';
import { VIGIE_VERSION } from '../domain/version.js';
import { parseReturns } from '../formats/returns.js';
import { runStage } from './run-stage.js';
import type { Repositories } from '../store/repositories.js';

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
  deps: Pick<CaseContext, 'store' | 'evidence' | 'user'>,
  input: AddReturnsInput,
): Promise<AddReturnsResult> {
  const path = resolve(input.file);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new AppError('FILE_NOT_FOUND', `${input.file}: no such file`);
  const text = readFileSync(path, 'utf8');
  const { rows, issues } = parseReturns(text, basename(path), input.map);
  const stored = deps.evidence.putFile(path);
  const existing = await deps.store.sources.findReturnsSource(stored.sha256);
  if (existing)
    return {
      source: existing,
      sha256: stored.sha256,
      alreadyAdded: true,
      rows: 0,
      accounts: 0,
      unknownAccounts: [],
      issues: [],
    };
  const sourceId = `returns-${stored.sha256.slice(0, 16)}`;
  const options = { file: basename(path), map: input.map ?? null };
  return runStage(deps, 'returns', options, async (run) => {
    let unknown: string[] = [];
    const write = async (tx: Repositories): Promise<void> => {
      await tx.sources.recordEvidence(stored.sha256, stored.size);
      await tx.sources.insertReturnsSource({
        id: sourceId,
        sha256: stored.sha256,
        label: input.label ?? null,
        originalPath: path,
        options: { map: input.map ?? null },
        metadata: { rows: rows.length },
        toolVersion: VIGIE_VERSION,
        runId: run.id,
      });
      unknown = await tx.sources.insertReturnRows(sourceId, rows);
      await tx.runs.addIssues(
        run.id,
        issues.map((i) => ({
          sourceId,
          code: i.code,
          file: i.source,
          location: i.location,
          message: i.message,
        })),
      );
      await tx.audit.append({
        user: deps.user,
        command: 'returns add',
        subject: sourceId,
        details: {
          file: basename(path),
          sha256: stored.sha256,
          rows: rows.length,
          unknownAccounts: unknown.length,
          issues: issues.length,
          rowDigest: await tx.integrity.sourceRowDigest(sourceId),
        },
      });
    };
    // The rows and their audit event commit in one transaction; runStage then closes the run.
    await run.store.transaction(write);
    return {
      result: {
        source: sourceId,
        sha256: stored.sha256,
        alreadyAdded: false,
        rows: rows.length,
        accounts: new Set(rows.map((r) => r.userId)).size,
        unknownAccounts: unknown,
        issues,
      },
      status: issues.some((i) => i.severity !== 'warning') ? 'issues' : 'ok',
      stats: { rows: rows.length, unknownAccounts: unknown.length, issues: issues.length },
      audit: null,
    };
  });
}
