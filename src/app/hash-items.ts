import { relative } from 'node:path';
import type { CaseContext } from './context.js';
import { currentUser } from './context.js';
import { issue, type ItemIssue } from '../domain/issue.js';
import type { Repositories } from '../store/repositories.js';
import type { MediaHashRecord } from '../store/signals.js';
import { runHashPool } from '../pipeline/hash/pool.js';
import { hashFile, type HashJob, type HashResult } from '../pipeline/hash/hash-file.js';
import { DEFAULT_MAX_PIXELS } from '../pipeline/hash/decode.js';
import { DIHEDRAL_SLOTS, type PdqConvention } from '../signals/pdq/index.js';
import type { VpdqSize } from '../signals/vpdq/index.js';

/** How to hash: the PDQ convention, the vPDQ size (null: videos' bytes only) and what else to write. */
export interface HashSettings {
  readonly convention: PdqConvention;
  readonly vpdqSize: VpdqSize | null;
  /** Seconds between vPDQ frames (0 = every frame). */
  readonly secondsPerHash: number;
  /** Make wellness thumbnails (default true): images' into the `thumbnail` table, videos' strips into `derived/`. */
  readonly thumbnails?: boolean;
  readonly maxPixels?: number;
}

/** The hashing jobs of these media (the video flag from the case's kind or MIME type). */
export async function hashJobsOf(
  deps: Pick<CaseContext, 'store' | 'evidence' | 'paths'>,
  sha256s: readonly string[],
  s: HashSettings,
): Promise<HashJob[]> {
  const videos = s.vpdqSize ? await deps.store.media.videoFlags(sha256s) : new Map<string, boolean>();
  return sha256s.map((sha256) => ({
    sha256,
    path: deps.evidence.pathOf(sha256),
    convention: s.convention,
    maxPixels: s.maxPixels ?? DEFAULT_MAX_PIXELS,
    ...(s.thumbnails === false ? {} : { derivedDir: deps.paths.derived }),
    ...(s.vpdqSize
      ? { video: videos.get(sha256) === true, vpdq: { size: s.vpdqSize, secondsPerHash: s.secondsPerHash } }
      : {}),
  }));
}

/**
 * An issue message names the evidence file relative to the case folder, never where the case happens to be: the
 * same evidence gives the same issue rows in any copy of the case (`vigie verify --replay` compares them).
 */
export function caseRelative(r: HashResult, deps: Pick<CaseContext, 'evidence' | 'paths'>): HashResult {
  if (!r.issue) return r;
  const abs = deps.evidence.pathOf(r.sha256);
  const message = r.issue.message.split(abs).join(relative(deps.paths.dir, abs));
  return { ...r, issue: { ...r.issue, message } };
}

/** One file's results as the store writes them. */
export function toRecord(r: HashResult): MediaHashRecord {
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
    thumbnail: r.thumbnailWebp ?? null,
  };
}

/** The per-item issue of a result, if any. */
export function issueOf(r: HashResult): ItemIssue | null {
  return r.issue ? issue(r.issue.code, r.sha256, 'media', r.issue.message) : null;
}

/**
 * Write a batch of results (idempotent) with its `hash batch` audit event, inside the caller's transaction:
 * hashed media always have an event, even if the run dies afterwards.
 */
export async function writeHashBatch(
  tx: Repositories,
  a: { runId: string; user: string; convention: PdqConvention; batch?: number },
  records: readonly MediaHashRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await tx.media.writeHashResults(a.runId, records);
  await tx.audit.append({
    user: a.user,
    command: 'hash batch',
    subject: a.runId,
    details: {
      ...(a.batch === undefined ? {} : { batch: a.batch }),
      convention: a.convention,
      media: records.map((r) => r.sha256).sort(),
    },
  });
}

/** Input of hashMediaItems: which media, under which run, and how. */
export interface HashItemsInput {
  readonly runId: string;
  readonly sha256s: readonly string[];
  readonly convention: PdqConvention;
  readonly vpdqSize: VpdqSize | null;
  readonly secondsPerHash: number;
  /** Worker threads; absent or 1: hash in this thread, one file after the other. */
  readonly workers?: number;
  readonly thumbnails?: boolean;
  readonly maxPixels?: number;
}

/**
 * Hash exactly these media and write their results in one transaction, with the run id on each row and one
 * `hash batch` audit event. Idempotent: hashing the same media again writes the same rows, no duplicates (the
 * path of `vigie worker` jobs; `hashMedia` shares its parts). The acting user is `deps.user`, else the OS user.
 */
export async function hashMediaItems(
  deps: Pick<CaseContext, 'store' | 'evidence' | 'paths'> & { readonly user?: string },
  input: HashItemsInput,
): Promise<{ hashed: number; issues: ItemIssue[] }> {
  const jobs = await hashJobsOf(deps, input.sha256s, input);
  const results: HashResult[] = [];
  if ((input.workers ?? 1) > 1) await runHashPool(jobs, input.workers!, (r) => results.push(r));
  else for (const job of jobs) results.push(await hashFile(job));
  const rel = results.map((r) => caseRelative(r, deps)).sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
  await deps.store.transaction((tx) =>
    writeHashBatch(
      tx,
      { runId: input.runId, user: deps.user ?? currentUser(), convention: input.convention },
      rel.map(toRecord),
    ),
  );
  const issues = rel.map(issueOf).filter((i): i is ItemIssue => i !== null);
  return { hashed: rel.filter((r) => r.crypto).length, issues };
}
