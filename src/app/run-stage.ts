import type { CaseStore } from '../store/port.js';
import { AppError, isAppError } from '../domain/errors.js';
import type { Repositories } from '../store/repositories.js';
import { newRunId, type RunStatus } from '../store/runs.js';

/** Progress of a stage: `done` of `total` units (null: the total is not known in advance, e.g. messages read). */
export interface StageProgress {
  readonly stage: string;
  readonly done: number;
  readonly total: number | null;
}

/** Throw CANCELLED when `signal` was aborted: a stage calls this at its safe points (between batches or items). */
export function stopIfCancelled(signal: AbortSignal | undefined, stage: string): void {
  if (signal?.aborted)
    throw new AppError('CANCELLED', `${stage}: cancelled; what was committed before is kept`);
}

/**
 * A safe point of a stage run under a server (progress or cancel asked): at most every 50 ms (or when `now`), report
 * progress, stop on cancel, and let the event loop answer requests. For the CLI (neither asked) it does nothing.
 */
export function safePoint(
  c: { readonly onProgress?: (p: StageProgress) => void; readonly signal?: AbortSignal },
  stage: string,
  where: string,
  done: () => number,
): (now?: boolean) => Promise<void> {
  if (!c.onProgress && !c.signal) return () => Promise.resolve();
  let last = performance.now();
  return async (now = false) => {
    if (!now && performance.now() - last < 50) return;
    c.onProgress?.({ stage, done: done(), total: null });
    stopIfCancelled(c.signal, where);
    await new Promise<void>((r) => setImmediate(r));
    last = performance.now();
  };
}

/** A stage in progress: its run id and the store to read and write through. */
export interface StageRun {
  readonly id: string;
  readonly store: CaseStore;
  /**
   * Record the run in this transaction if it is not recorded yet (with `deferStart`: a body that commits its own
   * transactions calls it in the first one, so that input refused there leaves no trace, not even a failed run).
   */
  start(tx: Repositories): Promise<void>;
}

/** What a stage body returns: its result, the run's end, and what to commit with it. */
export interface StageOutcome<T> {
  readonly result: T;
  readonly status?: Exclude<RunStatus, 'failed' | 'interrupted'>;
  readonly stats?: Record<string, unknown>;
  /** Writes committed in the same transaction as the run's end and its audit event. */
  readonly write?: (tx: Repositories) => Promise<void>;
  /** The audit event of the stage (subject defaults to the run id); null when the body wrote its own. */
  readonly audit?: {
    readonly command: string;
    readonly subject?: string;
    readonly details: Record<string, unknown>;
  } | null;
}

/**
 * The one frame every stage runs in: start a `pipeline_run`, run the body, then in one transaction commit the
 * body's writes, the run's end and the stage's audit event. A body or commit that throws marks the run `failed`
 * (with the error) and rethrows, or `interrupted` when it threw CANCELLED; nothing of the failed commit is kept.
 */
export async function runStage<T>(
  deps: { readonly store: CaseStore; readonly user: string },
  stage: string,
  options: Record<string, unknown>,
  body: (run: StageRun) => Promise<StageOutcome<T>>,
  opts: { readonly deferStart?: boolean } = {},
): Promise<T> {
  const { store } = deps;
  let recorded = false;
  const start = async (tx: Repositories): Promise<void> => {
    if (recorded) return;
    await tx.runs.start(stage, options, id);
    recorded = true;
  };
  const id = newRunId(stage, new Date().toISOString());
  if (!opts.deferStart) await store.transaction(start);
  try {
    const out = await body({ id, store, start });
    await store.transaction(async (tx) => {
      await start(tx);
      await out.write?.(tx);
      await tx.runs.finish(id, out.status ?? 'ok', out.stats ?? {});
      if (out.audit)
        await tx.audit.append({
          user: deps.user,
          command: out.audit.command,
          subject: out.audit.subject ?? id,
          details: out.audit.details,
        });
    });
    return out.result;
  } catch (e) {
    // A deferred run whose first transaction rolled back was never recorded: this updates nothing.
    const status = isAppError(e, 'CANCELLED') ? 'interrupted' : 'failed';
    const stats = { error: (e as Error).message, ...(status === 'interrupted' ? { cancelled: true } : {}) };
    await store.transaction((tx) => tx.runs.finish(id, status, stats)).catch(() => undefined); // the disk or server that failed the stage may refuse this too
    throw e;
  }
}
