import type Database from 'better-sqlite3';
import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { DIHEDRAL_SLOTS } from '../signals/pdq/bits.js';
import { PdqEntrySet, matchPdq, type PdqQuery } from '../pipeline/match/pdq.js';
import { matchVpdq, type VpdqStageResult } from '../pipeline/match/vpdq.js';
import { parseVpdq, type VpdqMatchOptions } from '../signals/vpdq/index.js';
import { insertVpdqMatches, listMediaVpdq, listVpdqEntries } from '../store/vpdq-matches.js';
import { appendAudit } from '../store/audit.js';
import { finishRun, startRun } from '../store/runs.js';
import {
  clearMatches,
  countMatches,
  forEachPdqEntry,
  insertExactMatches,
  insertPdqMatches,
  listMediaPdq,
  mediaStatusCounts,
} from '../store/matches.js';

/** Signal type under which the hasher stores the 8 dihedral PDQ hashes (comma-separated, orig first). */
const DIHEDRAL_TYPE = 'pdq-dihedral';
/** PDQ hashes below this quality are not used (pdq.md §2.13). */
const MIN_QUALITY = 50;

/** Input of matchMedia. */
export interface MatchMediaInput {
  /** Largest PDQ Hamming distance that counts as a match (default 31). */
  readonly maxDistance?: number;
  /** Also query with the 7 other dihedral variants (needs the hasher's `pdq-dihedral` signals). */
  readonly dihedral?: boolean;
  /** vPDQ thresholds (default: frame distance 31, quality 50, 80 % of the query's and of the list video's frames). */
  readonly vpdq?: VpdqMatchOptions;
}

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
  /** vPDQ: list video entries, case videos, matches video ↔ video and frame ↔ image. */
  readonly vpdqEntries: number;
  readonly vpdqVideos: number;
  readonly vpdqVideoMatches: number;
  readonly vpdqFrameMatches: number;
}

function queriesOf(
  raw: Database.Database,
  dihedral: boolean,
): { queries: PdqQuery[]; lowQuality: number; dihedralMissing: number } {
  const queries: PdqQuery[] = [];
  let lowQuality = 0;
  let dihedralMissing = 0;
  for (const m of listMediaPdq(raw, DIHEDRAL_TYPE)) {
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

/** Match every usable media PDQ against the PDQ entries (of one list, or all) and store the matches. */
export function matchListPdq(
  raw: Database.Database,
  runId: string,
  listName: string | undefined,
  maxDistance: number,
  dihedral = false,
): number {
  const { queries } = queriesOf(raw, dihedral);
  const set = new PdqEntrySet();
  forEachPdqEntry(raw, (id, list, hex) => set.add(id, list, hex), listName);
  const v = runVpdqStage(raw, listName, { set, queries });
  insertVpdqMatches(raw, runId, v.rows);
  if (queries.length === 0 || set.size === 0) return v.rows.length;
  const found = matchPdq(set, set.index(), queries, maxDistance);
  insertPdqMatches(raw, runId, found);
  return new Set(found.map((f) => `${f.sha256} ${f.entryId}`)).size + v.rows.length;
}

/** The vPDQ stage over the case's videos and usable image PDQs, against vpdq entries (of one list, or all) and pdq entries. */
export function runVpdqStage(
  raw: Database.Database,
  listName: string | undefined,
  pdq: { set: PdqEntrySet; queries: readonly PdqQuery[] },
  opts: VpdqMatchOptions = {},
): VpdqStageResult & { entries: number; videos: number } {
  const entries = listVpdqEntries(raw, listName).map((e) => ({
    entryId: e.id,
    list: e.list_name,
    frames: parseVpdq(e.value),
  }));
  const videos = listMediaVpdq(raw).map((v) => ({ ...v, frames: parseVpdq(v.value) }));
  const index = pdq.set.size ? { set: pdq.set, index: pdq.set.index() } : null;
  const images = pdq.queries.filter((q) => q.variant === 'orig');
  const r = matchVpdq(entries, videos, images, index, opts);
  return { ...r, entries: entries.length, videos: videos.length };
}

/** `vigie match`: recompute all matches (exact for md5/sha1/sha256, PDQ near matches through the index). */
export async function matchMedia(
  deps: Pick<CaseContext, 'db' | 'user'>,
  input: MatchMediaInput = {},
): Promise<MatchMediaResult> {
  const raw = deps.db.raw;
  const maxDistance = input.maxDistance ?? 31;
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 128) {
    throw new AppError('USAGE', `--max-distance ${maxDistance}: expected an integer from 0 to 128`);
  }
  const dihedral = input.dihedral ?? false;
  const set = new PdqEntrySet();
  forEachPdqEntry(raw, (id, list, hex) => set.add(id, list, hex));
  const { queries, lowQuality, dihedralMissing } = queriesOf(raw, dihedral);
  const found = set.size ? matchPdq(set, set.index(), queries, maxDistance) : [];
  const v = runVpdqStage(raw, undefined, { set, queries }, input.vpdq ?? {});
  return raw.transaction(() => {
    const runId = startRun(raw, 'match', {
      maxDistance,
      dihedral,
      ...(input.vpdq ? { vpdq: input.vpdq } : {}),
    });
    clearMatches(raw);
    const exactMatches = insertExactMatches(raw, runId);
    insertPdqMatches(raw, runId, found);
    const pdqMatches = countMatches(raw) - exactMatches;
    insertVpdqMatches(raw, runId, v.rows);
    const counts = mediaStatusCounts(raw);
    const stats = {
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
      ...counts,
    };
    finishRun(raw, runId, 'ok', stats);
    appendAudit(raw, {
      user: deps.user,
      command: 'match',
      subject: runId,
      details: { maxDistance, dihedral, ...stats },
    });
    return { runId, maxDistance, dihedral, ...stats };
  })();
}
