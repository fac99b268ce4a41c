import { availableParallelism } from 'node:os';
import type { CaseContext } from './context.js';
import type { ItemIssue } from '../domain/issue.js';
import type { MediaHashRecord } from '../store/signals.js';
import { runHashPool } from '../pipeline/hash/pool.js';
import type { HashResult } from '../pipeline/hash/hash-file.js';
import type { PdqConvention } from '../signals/pdq/index.js';
import type { VpdqSize } from '../signals/vpdq/index.js';
import { runStage, stopIfCancelled } from './run-stage.js';
import { caseRelative, hashJobsOf, issueOf, toRecord, writeHashBatch } from './hash-items.js';

export { hashMediaItems, type HashItemsInput } from './hash-items.js';

/** Options of `vigie hash`. */
export interface HashMediaInput {
  /** Worker threads (default: the number of cores). */
  readonly workers?: number;
  /** PDQ convention to compute (default `full`). */
  readonly convention?: PdqConvention;
  /** Make wellness thumbnails (default true): images' into the `thumbnail` table, videos' strips into `derived/`. */
  readonly thumbnails?: boolean;
  /** Results per committed transaction (default 25): a kill loses at most one batch. */
  readonly batchSize?: number;
  readonly maxPixels?: number;
  /** vPDQ size convention for videos (default `native`); null hashes videos' bytes only. */
  readonly vpdqSize?: VpdqSize | null;
  /** Seconds between vPDQ frames (default 1; 0 = every frame). */
  readonly secondsPerHash?: number;
  /** Called after each file with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Cancel: stop after the file in hand, commit what was hashed, mark the run `interrupted` (CANCELLED). */
  readonly signal?: AbortSignal;
}

/** What a hashing run did. */
export interface HashMediaReport {
  readonly runId: string | null;
  readonly convention: PdqConvention;
  readonly workers: number;
  /** Media that still needed hashing when the run started. */
  readonly total: number;
  readonly hashed: number;
  readonly images: number;
  /** Videos given vPDQ frames. */
  readonly videos: number;
  readonly exif: number;
  readonly thumbnails: number;
  readonly issues: ItemIssue[];
  readonly elapsedMs: number;
}

/** Hash every media not hashed yet (crypto for all, PDQ + EXIF + thumbnail for images), resumably. */
export async function hashMedia(
  deps: Pick<CaseContext, 'store' | 'evidence' | 'paths' | 'user'>,
  input: HashMediaInput = {},
): Promise<HashMediaReport> {
  const t0 = Date.now();
  const convention = input.convention ?? 'full';
  const workers = Math.max(1, input.workers ?? availableParallelism());
  const vpdqSize = input.vpdqSize === undefined ? 'native' : input.vpdqSize;
  const secondsPerHash = input.secondsPerHash ?? 1;
  const todo = await deps.store.media.listUnhashed(convention, vpdqSize);
  const base = { convention, workers, total: todo.length };
  const none = { hashed: 0, images: 0, videos: 0, exif: 0, thumbnails: 0, issues: [] };
  if (todo.length === 0) return { ...base, runId: null, ...none, elapsedMs: Date.now() - t0 };
  const settings = {
    convention,
    vpdqSize,
    secondsPerHash,
    ...(input.thumbnails === undefined ? {} : { thumbnails: input.thumbnails }),
    ...(input.maxPixels === undefined ? {} : { maxPixels: input.maxPixels }),
  };
  const options = {
    convention,
    workers,
    thumbnails: input.thumbnails ?? true,
    ...(vpdqSize ? { vpdqSize, secondsPerHash } : {}),
  };
  return runStage(deps, 'hash', options, async (run) => {
    stopIfCancelled(input.signal, 'hash');
    const jobs = await hashJobsOf(deps, todo, settings);
    const counts = { hashed: 0, images: 0, videos: 0, exif: 0, thumbnails: 0 };
    const issues: ItemIssue[] = [];
    const pending: MediaHashRecord[] = [];
    const batchSize = input.batchSize ?? 25;
    let batchNo = 0;
    let done = 0;
    // Each batch commits in its own transaction (a kill loses at most one batch), in order, while hashing goes on.
    let writing: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const flush = (): void => {
      const batch = pending.splice(0);
      const a = { runId: run.id, user: deps.user, convention, batch: ++batchNo };
      writing = writing
        .then(() => run.store.transaction((tx) => writeHashBatch(tx, a, batch)))
        .catch((e: unknown) => {
          writeError ??= e;
        });
    };
    const onResult = (result: HashResult): void => {
      if (writeError) throw writeError as Error;
      const r = caseRelative(result, deps);
      pending.push(toRecord(r));
      if (r.crypto) counts.hashed++;
      if (r.pdq) counts.images++;
      if (r.vpdq) counts.videos++;
      if (r.exif) counts.exif++;
      if (r.thumbnail || r.thumbnailWebp) counts.thumbnails++;
      const i = issueOf(r);
      if (i) issues.push(i);
      if (pending.length >= batchSize) flush();
      input.onProgress?.(++done, todo.length);
      if (input.signal?.aborted && done < todo.length) {
        flush(); // what was hashed is committed; a later run hashes the rest
        stopIfCancelled(input.signal, `hash: after ${done} of ${todo.length} media`);
      }
    };
    try {
      await runHashPool(jobs, workers, onResult);
    } finally {
      await writing;
    }
    if (writeError) throw writeError as Error;
    issues.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    const stats = { total: todo.length, ...counts, issues: issues.length };
    const last = pending.splice(0);
    const a = { runId: run.id, user: deps.user, convention, batch: ++batchNo };
    return {
      result: { ...base, runId: run.id, ...counts, issues, elapsedMs: Date.now() - t0 },
      status: issues.length ? 'issues' : 'ok',
      stats,
      write: (tx) => writeHashBatch(tx, a, last),
      audit: { command: 'hash', details: { convention, ...stats } },
    };
  });
}
