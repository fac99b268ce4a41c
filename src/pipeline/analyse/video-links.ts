// Pairs of case videos that are the same video under vPDQ (pdq.md §8.4), for clustering: candidates share at
// least one frame within the distance (found through the multi-index PDQ index), then the frame bags are compared.
import { PDQ_WORDS, PdqIndex, pdqToWords } from '../../signals/index/mih.js';
import {
  compareVpdq,
  usableFrames,
  VPDQ_DEFAULTS,
  type VpdqFrame,
  type VpdqMatchOptions,
} from '../../signals/vpdq/index.js';
import { cmpStr } from './types.js';

/** A case video's vPDQ frames. */
export interface VideoFrames {
  readonly sha256: string;
  readonly frames: readonly VpdqFrame[];
}

/** Pairs [a, b] (a < b by sha256) of videos matching each other, sorted; one video per sha256 (first kept). */
export function videoLinks(videos: readonly VideoFrames[], opts: VpdqMatchOptions = {}): [string, string][] {
  const o = { ...VPDQ_DEFAULTS, ...opts };
  const seen = new Set<string>();
  const vids = [...videos]
    .sort((a, b) => cmpStr(a.sha256, b.sha256))
    .filter((v) => !seen.has(v.sha256) && seen.add(v.sha256));
  const owner: number[] = [];
  const hashes: string[] = [];
  vids.forEach((v, k) => {
    for (const f of usableFrames(v.frames, o.minQuality)) {
      owner.push(k);
      hashes.push(f.hash);
    }
  });
  if (hashes.length === 0) return [];
  const words = new Uint32Array(hashes.length * PDQ_WORDS);
  hashes.forEach((h, i) => pdqToWords(h, words, i * PDQ_WORDS));
  const index = PdqIndex.build(words);
  const out: [string, string][] = [];
  const q = new Uint32Array(PDQ_WORDS);
  vids.forEach((v, k) => {
    const candidates = new Set<number>();
    for (const f of usableFrames(v.frames, o.minQuality)) {
      pdqToWords(f.hash, q);
      for (const h of index.query(q, o.maxDistance)) if (owner[h.id]! > k) candidates.add(owner[h.id]!);
    }
    for (const j of [...candidates].sort((a, b) => a - b)) {
      if (compareVpdq(v.frames, vids[j]!.frames, o).isMatch) out.push([v.sha256, vids[j]!.sha256]);
    }
  });
  return out;
}
