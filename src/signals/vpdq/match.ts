// vPDQ matching with python-threatexchange/HMA semantics (spec pdq.md §8.4): frames are a bag; each side is
// de-duplicated by exact hash (first occurrence kept) and frames under the quality floor are dropped; a side's
// percentage is the share of its remaining frames within `maxDistance` of some frame of the other side.
import { PDQ_WORDS, pdqToWords } from '../index/mih.js';
import type { VpdqFrame } from './frames.js';
import { hammingWords } from './words.js';

/** Thresholds of a vPDQ comparison. */
export interface VpdqMatchOptions {
  /** Largest per-frame PDQ distance that counts (inclusive; default 31). */
  readonly maxDistance?: number;
  /** Frames below this quality are ignored on both sides (default 50). */
  readonly minQuality?: number;
  /** Share of the query's unique frames that must be matched, in percent (default 80). */
  readonly queryPercent?: number;
  /** Share of the list (compared) video's unique frames that must be matched, in percent (default 80). */
  readonly comparePercent?: number;
}

/** Defaults: distance ≤ 31, quality ≥ 50, 80 % of the query's and 80 % of the compared video's frames. */
export const VPDQ_DEFAULTS = {
  maxDistance: 31,
  minQuality: 50,
  queryPercent: 80,
  comparePercent: 80,
} as const;

/** A run of consecutive matched query frames, with the time range of the compared frames they matched. */
export interface VpdqSegment {
  readonly queryStart: number;
  readonly queryEnd: number;
  readonly compareStart: number;
  readonly compareEnd: number;
  /** Query frames in the run. */
  readonly frames: number;
}

/** The outcome of comparing two videos' frames. */
export interface VpdqComparison {
  /** Percent (0–100, 2 decimals) of the query's unique usable frames with a match. */
  readonly queryPercent: number;
  /** Percent of the compared video's unique usable frames with a match. */
  readonly comparePercent: number;
  readonly queryFrames: number;
  readonly compareFrames: number;
  /** True when both percentages reach their thresholds (and both sides have usable frames). */
  readonly isMatch: boolean;
  /** Matched runs in query time order. */
  readonly segments: VpdqSegment[];
}

/** Frames kept for matching: quality ≥ minQuality, first occurrence of each exact hash. */
export function usableFrames(frames: readonly VpdqFrame[], minQuality: number): VpdqFrame[] {
  const seen = new Set<string>();
  const out: VpdqFrame[] = [];
  for (const f of frames) {
    if (f.quality < minQuality || seen.has(f.hash)) continue;
    seen.add(f.hash);
    out.push(f);
  }
  return out;
}

function packed(frames: readonly VpdqFrame[]): Uint32Array {
  const w = new Uint32Array(frames.length * PDQ_WORDS);
  frames.forEach((f, i) => pdqToWords(f.hash, w, i * PDQ_WORDS));
  return w;
}

/** For each frame of `a`, the index of its nearest frame of `b` within maxDistance (earliest on ties), or -1. */
function nearest(a: Uint32Array, b: Uint32Array, maxDistance: number): Int32Array {
  const na = a.length / PDQ_WORDS;
  const nb = b.length / PDQ_WORDS;
  const out = new Int32Array(na).fill(-1);
  for (let i = 0; i < na; i++) {
    let best = maxDistance + 1;
    const ai = i * PDQ_WORDS;
    for (let j = 0; j < nb; j++) {
      const d = hammingWords(a, ai, b, j * PDQ_WORDS, best);
      if (d < best) {
        best = d;
        out[i] = j;
      }
    }
  }
  return out;
}

const pct = (n: number, of: number): number => (of === 0 ? 0 : Math.round((10000 * n) / of) / 100);

/** Compare a query video's frames with another video's frames (see the module comment). */
export function compareVpdq(
  query: readonly VpdqFrame[],
  compared: readonly VpdqFrame[],
  opts: VpdqMatchOptions = {},
): VpdqComparison {
  const o = { ...VPDQ_DEFAULTS, ...opts };
  const q = usableFrames(query, o.minQuality);
  const c = usableFrames(compared, o.minQuality);
  const qw = packed(q);
  const cw = packed(c);
  const qHit = nearest(qw, cw, o.maxDistance);
  const cHit = nearest(cw, qw, o.maxDistance);
  const queryPercent = pct(qHit.filter((j) => j >= 0).length, q.length);
  const comparePercent = pct(cHit.filter((j) => j >= 0).length, c.length);
  const isMatch =
    q.length > 0 && c.length > 0 && queryPercent >= o.queryPercent && comparePercent >= o.comparePercent;
  return {
    queryPercent,
    comparePercent,
    queryFrames: q.length,
    compareFrames: c.length,
    isMatch,
    segments: segmentsOf(q, c, qHit),
  };
}

/** Runs of consecutive matched query frames (in time order) with the compared time range they cover. */
function segmentsOf(q: readonly VpdqFrame[], c: readonly VpdqFrame[], hit: Int32Array): VpdqSegment[] {
  const order = q.map((_, i) => i).sort((a, b) => q[a]!.timestamp - q[b]!.timestamp || a - b);
  const out: VpdqSegment[] = [];
  let cur: { qs: number; qe: number; cs: number; ce: number; n: number } | null = null;
  for (const i of order) {
    const j = hit[i]!;
    if (j < 0) {
      if (cur) out.push(seg(cur));
      cur = null;
      continue;
    }
    const t = q[i]!.timestamp;
    const ct = c[j]!.timestamp;
    if (!cur) cur = { qs: t, qe: t, cs: ct, ce: ct, n: 1 };
    else {
      cur.qe = t;
      cur.cs = Math.min(cur.cs, ct);
      cur.ce = Math.max(cur.ce, ct);
      cur.n++;
    }
  }
  if (cur) out.push(seg(cur));
  return out;
}

function seg(s: { qs: number; qe: number; cs: number; ce: number; n: number }): VpdqSegment {
  return { queryStart: s.qs, queryEnd: s.qe, compareStart: s.cs, compareEnd: s.ce, frames: s.n };
}
