// Pure vPDQ matching stage (spec pdq.md §8.4): the unique usable frames of every vpdq list entry go into one
// multi-index PDQ index; a case video's frames find candidate entries there (and single-image pdq entries in the
// PDQ index), then each candidate is compared frame bag to frame bag. Case images also query the frame index,
// so a known video's frame matches a still taken from it.
import { PDQ_WORDS, PdqIndex, pdqToWords } from '../../signals/index/mih.js';
import {
  compareVpdq,
  usableFrames,
  VPDQ_DEFAULTS,
  type VpdqFrame,
  type VpdqMatchOptions,
} from '../../signals/vpdq/index.js';
import type { PdqEntrySet, PdqQuery } from './pdq.js';

/** A vpdq list entry with its frames. */
export interface VpdqEntry {
  readonly entryId: number;
  readonly list: string;
  readonly frames: readonly VpdqFrame[];
}

/** A case video's vpdq signal under one size convention. */
export interface VpdqVideo {
  readonly sha256: string;
  readonly convention: string;
  readonly frames: readonly VpdqFrame[];
}

/** A match found by the vPDQ stage, ready to store (signal type `vpdq` or `pdq`). */
export interface VpdqMatchRow {
  readonly sha256: string;
  readonly entryId: number;
  readonly listName: string;
  readonly signalType: 'vpdq' | 'pdq';
  readonly convention: string;
  /** Video ↔ video: 100 minus the smaller percentage; frame ↔ image: the PDQ distance. */
  readonly distance: number;
  /** Video ↔ video: `q<query %>/c<compared %>`; frame ↔ image: `frame <seconds>`. */
  readonly variant: string;
}

/** What the stage found, with its figures. */
export interface VpdqStageResult {
  readonly rows: VpdqMatchRow[];
  readonly videoMatches: number;
  readonly frameMatches: number;
  readonly comparisons: number;
}

/** Index of every usable frame of the vpdq entries; frame i belongs to entry `owner[i]`. */
class FrameIndex {
  readonly owner: number[] = [];
  readonly frames: VpdqFrame[] = [];
  readonly index: PdqIndex;
  constructor(entries: readonly VpdqEntry[], minQuality: number) {
    entries.forEach((e, k) => {
      for (const f of usableFrames(e.frames, minQuality)) {
        this.owner.push(k);
        this.frames.push(f);
      }
    });
    const words = new Uint32Array(this.frames.length * PDQ_WORDS);
    this.frames.forEach((f, i) => pdqToWords(f.hash, words, i * PDQ_WORDS));
    this.index = PdqIndex.build(words);
  }
}

const frameVariant = (f: VpdqFrame): string => `frame ${f.timestamp.toFixed(3)}`;

/** Run the vPDQ stage (see the module comment); rows sorted by media, entry. */
export function matchVpdq(
  entries: readonly VpdqEntry[],
  videos: readonly VpdqVideo[],
  images: readonly PdqQuery[],
  pdq: { set: PdqEntrySet; index: PdqIndex } | null,
  opts: VpdqMatchOptions = {},
): VpdqStageResult {
  const o = { ...VPDQ_DEFAULTS, ...opts };
  const fi = new FrameIndex(entries, o.minQuality);
  const rows: VpdqMatchRow[] = [];
  const q = new Uint32Array(PDQ_WORDS);
  let comparisons = 0;
  for (const v of videos) {
    const candidates = new Set<number>();
    const stills = new Map<number, { listName: string; distance: number; frame: VpdqFrame }>();
    for (const f of usableFrames(v.frames, o.minQuality)) {
      pdqToWords(f.hash, q);
      if (fi.frames.length) for (const h of fi.index.query(q, o.maxDistance)) candidates.add(fi.owner[h.id]!);
      if (!pdq) continue;
      for (const h of pdq.index.query(q, o.maxDistance)) {
        const { entryId, list } = pdq.set.entry(h.id);
        const best = stills.get(entryId);
        if (!best || h.distance < best.distance)
          stills.set(entryId, { listName: list, distance: h.distance, frame: f });
      }
    }
    for (const k of [...candidates].sort((a, b) => a - b)) {
      const e = entries[k]!;
      comparisons++;
      const c = compareVpdq(v.frames, e.frames, o);
      if (!c.isMatch) continue;
      rows.push({
        sha256: v.sha256,
        entryId: e.entryId,
        listName: e.list,
        signalType: 'vpdq',
        convention: v.convention,
        distance: Math.round(100 - Math.min(c.queryPercent, c.comparePercent)),
        variant: `q${c.queryPercent}/c${c.comparePercent}`,
      });
    }
    for (const [entryId, s] of stills) {
      rows.push({
        sha256: v.sha256,
        entryId,
        listName: s.listName,
        signalType: 'pdq',
        convention: v.convention,
        distance: s.distance,
        variant: frameVariant(s.frame),
      });
    }
  }
  const videoMatches = rows.length;
  if (fi.frames.length) {
    for (const img of images) {
      pdqToWords(img.hex, q);
      const best = new Map<number, { distance: number; frame: VpdqFrame }>();
      for (const h of fi.index.query(q, o.maxDistance)) {
        const k = fi.owner[h.id]!;
        const b = best.get(k);
        if (!b || h.distance < b.distance) best.set(k, { distance: h.distance, frame: fi.frames[h.id]! });
      }
      for (const [k, b] of best) {
        const e = entries[k]!;
        rows.push({
          sha256: img.sha256,
          entryId: e.entryId,
          listName: e.list,
          signalType: 'vpdq',
          convention: img.convention,
          distance: b.distance,
          variant: frameVariant(b.frame),
        });
      }
    }
  }
  rows.sort((a, b) =>
    a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : a.entryId - b.entryId || a.distance - b.distance,
  );
  return { rows, videoMatches, frameMatches: rows.length - videoMatches, comparisons };
}
