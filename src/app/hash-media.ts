import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import type { CaseContext } from './context.js';
import { issue, type ItemIssue } from '../domain/issue.js';
import { startRun, finishRun } from '../store/runs.js';
import { appendAudit } from '../store/audit.js';
import { listUnhashedMedia, signalWriter, type MediaHashRecord } from '../store/signals.js';
import { runHashPool } from '../pipeline/hash/pool.js';
import type { HashResult } from '../pipeline/hash/hash-file.js';
import { DEFAULT_MAX_PIXELS } from '../pipeline/hash/decode.js';
import { DIHEDRAL_SLOTS, type PdqConvention } from '../signals/pdq/index.js';
import type { VpdqSize } from '../signals/vpdq/index.js';

/** Options of `vigie hash`. */
export interface HashMediaInput {
  /** Worker threads (default: the number of cores). */
  readonly workers?: number;
  /** PDQ convention to compute (default `full`). */
  readonly convention?: PdqConvention;
  /** Write wellness thumbnails into `derived/` (default true). */
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

/**
 * An issue message names the evidence file relative to the case folder, never where the case happens to be: the
 * same evidence gives the same issue rows in any copy of the case (`vigie verify --replay` compares them).
 */
function caseRelative(r: HashResult, deps: Pick<CaseContext, 'evidence' | 'paths'>): HashResult {
  if (!r.issue) return r;
  const abs = deps.evidence.pathOf(r.sha256);
  const message = r.issue.message.split(abs).join(relative(deps.paths.dir, abs));
  return { ...r, issue: { ...r.issue, message } };
}

function toRecord(r: HashResult): MediaHashRecord {
  return {
    sha256: r.sha256,
    crypto: r.crypto,
    pdq: r.pdq && {
      convention: r.pdq.convention,
      hash: r.pdq.hash,
      quality: r.pdq.quality,
      dihedral: DIHEDRAL_SLOTS.map((s) => r.pdq!.dihedral[s]),
    },
    exif: r.exif,
    vpdq: r.vpdq ? { size: r.vpdq.size, value: r.vpdq.value, quality: r.vpdq.quality } : null,
    issue: r.issue,
  };
}

/** Hash every media not hashed yet (crypto for all, PDQ + EXIF + thumbnail for images), resumably. */
export async function hashMedia(
  deps: Pick<CaseContext, 'db' | 'evidence' | 'paths' | 'user'>,
  input: HashMediaInput = {},
): Promise<HashMediaReport> {
  const t0 = Date.now();
  const raw = deps.db.raw;
  const convention = input.convention ?? 'full';
  const workers = Math.max(1, input.workers ?? availableParallelism());
  const vpdqSize = input.vpdqSize === undefined ? 'native' : input.vpdqSize;
  const todo = listUnhashedMedia(raw, convention, vpdqSize ?? undefined);
  const base = { convention, workers, total: todo.length };
  if (todo.length === 0) {
    return {
      ...base,
      runId: null,
      hashed: 0,
      images: 0,
      videos: 0,
      exif: 0,
      thumbnails: 0,
      issues: [],
      elapsedMs: Date.now() - t0,
    };
  }
  const runId = startRun(raw, 'hash', {
    convention,
    workers,
    thumbnails: input.thumbnails ?? true,
    ...(vpdqSize ? { vpdqSize, secondsPerHash: input.secondsPerHash ?? 1 } : {}),
  });
  const writeSignals = signalWriter(raw, runId);
  let batchNo = 0;
  // Each committed batch carries its own audit event, so hashed media always have one even if the run dies.
  const write = (batch: MediaHashRecord[]): void => {
    if (batch.length === 0) return;
    raw.transaction(() => {
      writeSignals(batch);
      appendAudit(raw, {
        user: deps.user,
        command: 'hash batch',
        subject: runId,
        details: { batch: ++batchNo, convention, media: batch.map((r) => r.sha256).sort() },
      });
    })();
  };
  const batchSize = input.batchSize ?? 25;
  const pending: MediaHashRecord[] = [];
  const issues: ItemIssue[] = [];
  let done = 0;
  let hashed = 0;
  let images = 0;
  let videos = 0;
  let exif = 0;
  let thumbnails = 0;
  const jobs = todo.map((m) => ({
    sha256: m.sha256,
    path: deps.evidence.pathOf(m.sha256),
    convention,
    maxPixels: input.maxPixels ?? DEFAULT_MAX_PIXELS,
    ...(input.thumbnails === false ? {} : { derivedDir: deps.paths.derived }),
    ...(vpdqSize
      ? { video: m.video === 1, vpdq: { size: vpdqSize, secondsPerHash: input.secondsPerHash ?? 1 } }
      : {}),
  }));
  try {
    await runHashPool(jobs, workers, (result) => {
      const r = caseRelative(result, deps);
      pending.push(toRecord(r));
      if (r.crypto) hashed++;
      if (r.pdq) images++;
      if (r.vpdq) videos++;
      if (r.exif) exif++;
      if (r.thumbnail) thumbnails++;
      if (r.issue) issues.push(issue(r.issue.code, r.sha256, 'media', r.issue.message));
      if (pending.length >= batchSize) write(pending.splice(0));
      input.onProgress?.(++done, todo.length);
    });
  } catch (e) {
    try {
      write(pending.splice(0));
      finishRun(raw, runId, 'failed', { done, error: (e as Error).message });
    } catch {
      // The database itself failed: the run stays 'running', committed batches stay valid.
    }
    throw e;
  }
  issues.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const stats = { total: todo.length, hashed, images, videos, exif, thumbnails, issues: issues.length };
  raw.transaction(() => {
    write(pending.splice(0));
    finishRun(raw, runId, issues.length ? 'issues' : 'ok', stats);
    appendAudit(raw, { user: deps.user, command: 'hash', subject: runId, details: { convention, ...stats } });
  })();
  return { ...base, runId, hashed, images, videos, exif, thumbnails, issues, elapsedMs: Date.now() - t0 };
}
