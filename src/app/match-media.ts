import type { CaseContext } from './context.js';
import type { Repositories } from '../store/repositories.js';
import type { NearMatchRow } from '../store/matches.js';
import { runStage, stopIfCancelled } from './run-stage.js';
import { AppError } from '../domain/errors.js';
import { MIN_PDQ_QUALITY } from '../domain/media-status.js';
import { DIHEDRAL_SLOTS } from '../signals/pdq/bits.js';
import { PdqEntrySet, matchPdq, type PdqMatch, type PdqQuery } from '../pipeline/match/pdq.js';
import { matchVpdq, type VpdqStageResult } from '../pipeline/match/vpdq.js';
import { parseVpdq, type VpdqMatchOptions } from '../signals/vpdq/index.js';
/** Signal type under which the hasher stores the 8 dihedral PDQ hashes (comma-separated, orig first). */
const DIHEDRAL_TYPE = 'pdq-dihedral';
/** PDQ hashes below this quality are not used (pdq.md §2.13). */
const MIN_QUALITY = MIN_PDQ_QUALITY;

/** Input of matchMedia. */
export interface MatchMediaInput {
  /** Largest PDQ Hamming distance that counts as a match (default 31). */
  readonly maxDistance?: number;
  /** Also query with the 7 other dihedral variants (the hasher's `pdq-dihedral` signals); default true. */
  readonly dihedral?: boolean;
  /** vPDQ thresholds (default: frame distance 31, quality 50, 80 % of the query's and of the list video's frames). */
  readonly vpdq?: VpdqMatchOptions;
  /** Cancel before the matches are written: the previous matches stay, the run is marked `interrupted`. */
  readonly signal?: AbortSignal;
  /** Progress by step: `read`, `pdq`, `vpdq`, `write` (the CLI's progress bar). */
  readonly onStep?: (step: string) => void;
}

/** The steps of a match run, in order (`onStep`). */
export const MATCH_STEPS = ['read', 'pdq', 'vpdq', 'write'] as const;

/** What a match run found. */
export interface MatchMediaResult {
  readonly runId: string;
  readonly maxDistance: number;
  readonly dihedral: boolean;
  readonly exactMatches: number;
  readonly pdqMatches: number;
  readonly pdqEntries: number;
  readonly pdqQueries: number;
  readonly lowQuality: number;
  readonly dihedralMissing: number;
  readonly knownMedia: number;
  readonly ignoredMedia: number;
  readonly newMedia: number;
  readonly unhashedMedia: number;
  /** Hashed, unmatched media whose PDQ quality is under 50: `uncertain`, never counted as new. */
  readonly uncertainMedia: number;
  /** vPDQ: list video entries, case videos, matches video ↔ video and frame ↔ image. */
  readonly vpdqEntries: number;
  readonly vpdqVideos: number;
  readonly vpdqVideoMatches: number;
  readonly vpdqFrameMatches: number;
}

async function queriesOf(
  tx: Repositories,
  dihedral: boolean,
): Promise<{ queries: PdqQuery[]; lowQuality: number; dihedralMissing: number }> {
  const queries: PdqQuery[] = [];
  let lowQuality = 0;
  let dihedralMissing = 0;
  for (const m of await tx.hashlists.mediaPdq(DIHEDRAL_TYPE)) {
    if (m.quality !== null && m.quality < MIN_QUALITY) {
      lowQuality++;
      continue;
    }
    queries.push({ sha256: m.sha256, convention: m.convention, variant: 'orig', hex: m.value });
    if (!dihedral) continue;
    const variants = m.dihedral?.split(',') ?? [];
    if (variants.length !== DIHEDRAL_SLOTS.length) {
      dihedralMissing++;
      continue;
    }
    DIHEDRAL_SLOTS.forEach((slot, i) => {
      if (i > 0 && variants[i] !== m.value)
        queries.push({ sha256: m.sha256, convention: m.convention, variant: slot, hex: variants[i]! });
    });
  }
  return { queries, lowQuality, dihedralMissing };
}

/** The PDQ entries (of one list, or all) in a matching index. */
async function pdqEntries(tx: Repositories, listName?: string): Promise<PdqEntrySet> {
  const set = new PdqEntrySet();
  await tx.hashlists.forEachEntry('pdq', (id, list, hex) => set.add(id, list, hex), listName);
  return set;
}

/** PDQ matches as stored rows. */
const pdqRows = (found: readonly PdqMatch[]): NearMatchRow[] =>
  found.map((f) => ({ ...f, signalType: 'pdq' }));

/** Match every usable media PDQ against the PDQ entries (of one list, or all) and store the matches. */
export async function matchListPdq(
  tx: Repositories,
  runId: string,
  listName: string | undefined,
  maxDistance: number,
  dihedral = true,
): Promise<number> {
  const { queries } = await queriesOf(tx, dihedral);
  // Nothing to compare with (no usable image PDQ, no video frames): the entries need not be read.
  if (queries.length === 0 && !(await tx.media.hasSignal('vpdq'))) return 0;
  const set = await pdqEntries(tx, listName);
  const v = await runVpdqStage(tx, listName, { set, queries });
  await tx.hashlists.insertNearMatches(runId, v.rows);
  if (queries.length === 0 || set.size === 0) return v.rows.length;
  const found = matchPdq(set, set.index(), queries, maxDistance);
  await tx.hashlists.insertNearMatches(runId, pdqRows(found));
  return new Set(found.map((f) => `${f.sha256} ${f.entryId}`)).size + v.rows.length;
}

/** The vPDQ stage over the case's videos and usable image PDQs, against vpdq entries (of one list, or all) and pdq entries. */
export async function runVpdqStage(
  tx: Repositories,
  listName: string | undefined,
  pdq: { set: PdqEntrySet; queries: readonly PdqQuery[] },
  opts: VpdqMatchOptions = {},
): Promise<VpdqStageResult & { entries: number; videos: number }> {
  const entries = (await tx.hashlists.vpdqEntries(listName)).map((e) => ({
    entryId: e.id,
    list: e.list_name,
    frames: parseVpdq(e.value),
  }));
  const videos = (await tx.media.listVpdq()).map((v) => ({ ...v, frames: parseVpdq(v.value) }));
  const index = pdq.set.size ? { set: pdq.set, index: pdq.set.index() } : null;
  const images = pdq.queries.filter((q) => q.variant === 'orig');
  const r = matchVpdq(entries, videos, images, index, opts);
  return { ...r, entries: entries.length, videos: videos.length };
}

/** `vigie match`: recompute all matches (exact for md5/sha1/sha256, PDQ near matches through the index). */
export async function matchMedia(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: MatchMediaInput = {},
): Promise<MatchMediaResult> {
  const maxDistance = input.maxDistance ?? 31;
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 128) {
    throw new AppError('USAGE', `--max-distance ${maxDistance}: expected an integer from 0 to 128`);
  }
  const dihedral = input.dihedral ?? true;
  const options = { maxDistance, dihedral, ...(input.vpdq ? { vpdq: input.vpdq } : {}) };
  return runStage(deps, 'match', options, async (run) => {
    stopIfCancelled(input.signal, 'match');
    // Inputs and near matches are computed from one snapshot, outside the writing transaction.
    const { set, queries, lowQuality, dihedralMissing, found, v } = await run.store.transaction(
      async (tx) => {
        input.onStep?.('read');
        const set = await pdqEntries(tx);
        const qs = await queriesOf(tx, dihedral);
        input.onStep?.('pdq');
        const found = set.size ? matchPdq(set, set.index(), qs.queries, maxDistance) : [];
        input.onStep?.('vpdq');
        const v = await runVpdqStage(tx, undefined, { set, queries: qs.queries }, input.vpdq ?? {});
        return { set, ...qs, found, v };
      },
      { readonly: true },
    );
    stopIfCancelled(input.signal, 'match');
    // Filled by `write`, inside the transaction that ends the run: the figures of what was committed.
    const stats: Record<string, number> = {};
    const details: Record<string, unknown> = { maxDistance, dihedral };
    const result = { runId: run.id, maxDistance, dihedral } as MatchMediaResult;
    return {
      result,
      stats,
      audit: { command: 'match', details },
      write: async (tx) => {
        input.onStep?.('write');
        await tx.hashlists.clearMatches();
        const exactMatches = await tx.hashlists.insertExactMatches(run.id);
        await tx.hashlists.insertNearMatches(run.id, pdqRows(found));
        const pdqMatches = (await tx.hashlists.countMatches()) - exactMatches;
        await tx.hashlists.insertNearMatches(run.id, v.rows);
        Object.assign(stats, {
          exactMatches,
          pdqMatches,
          pdqEntries: set.size,
          pdqQueries: queries.length,
          lowQuality,
          dihedralMissing,
          vpdqEntries: v.entries,
          vpdqVideos: v.videos,
          vpdqVideoMatches: v.videoMatches,
          vpdqFrameMatches: v.frameMatches,
          ...(await tx.media.statusCounts()),
        });
        Object.assign(details, stats);
        Object.assign(result, stats);
      },
    };
  });
}
