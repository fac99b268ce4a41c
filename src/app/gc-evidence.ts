import type { CaseContext } from './context.js';
import { verifyCase } from './verify-case.js';
import { AppError } from '../domain/errors.js';
import { describeHolders, liveHolders } from '../store/case-lock.js';

/** Options of `vigie gc`. */
export interface GcInput {
  /** List what would be removed, remove nothing. */
  readonly dryRun?: boolean;
}

/** What `vigie gc` did. */
export interface GcReport {
  readonly dryRun: boolean;
  /** Evidence files no record references (left by an interrupted or failed import), removed unless dry-run. */
  readonly unreferenced: string[];
  readonly bytes: number;
  /** Temporary files of dead writers removed from `evidence/.tmp`. */
  readonly tmpRemoved: number;
}

/**
 * Remove evidence files that no record references, only after the case verifies (every recorded file re-hashed,
 * audit chain intact, no dangling reference) and while no other process holds the case; one audit event.
 */
export async function gcEvidence(
  deps: Pick<CaseContext, 'store' | 'evidence' | 'info' | 'paths' | 'user'>,
  input: GcInput = {},
): Promise<GcReport> {
  const others = (): boolean => liveHolders(deps.paths.dir).length > 1;
  if (others())
    throw new AppError('CASE_BUSY', `${deps.paths.dir}: ${describeHolders()}; vigie gc runs alone on a case`);
  const v = await verifyCase(deps);
  if (!v.ok)
    throw new AppError(
      'CASE_CORRUPT',
      `${deps.paths.dir}: the case does not verify (run 'npx vigie verify'); vigie gc removes nothing from a case that does not verify`,
    );
  const dryRun = input.dryRun ?? false;
  return deps.store.transaction(async (tx) => {
    // Inside the write lock: no import can record new evidence while the list is computed and files removed.
    if (others())
      throw new AppError(
        'CASE_BUSY',
        `${deps.paths.dir}: ${describeHolders()}; vigie gc runs alone on a case`,
      );
    const known = new Set((await tx.sources.listEvidence()).map((r) => r.sha256));
    const unreferenced = deps.evidence.list().filter((h) => !known.has(h));
    const bytes = unreferenced.reduce((n, h) => n + deps.evidence.sizeOf(h), 0);
    if (dryRun) return { dryRun, unreferenced, bytes, tmpRemoved: 0 };
    for (const h of unreferenced) deps.evidence.remove(h);
    const tmpRemoved = deps.evidence.cleanTmp();
    await tx.audit.append({
      user: deps.user,
      command: 'gc',
      subject: deps.paths.dir,
      details: { removed: unreferenced, bytes, tmpRemoved },
    });
    return { dryRun, unreferenced, bytes, tmpRemoved };
  });
}
