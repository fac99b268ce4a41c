/**
 * A small banded multi-index over a case's own PDQ hashes, used to find every pair within a Hamming threshold.
 * 256 bits are cut into 16 bands of 16 bits; two hashes within distance t share at least one band that differs
 * by at most floor(t / 16) bits (pigeonhole), so probing each band's neighbourhood of that radius finds all
 * candidates, which are then verified by exact distance.
 */

const BANDS = 16;
const MAX_RADIUS = 3;

/** Parse 64 hex digits into 8 32-bit words. */
export function pdqWords(hex: string): Uint32Array {
  const w = new Uint32Array(8);
  for (let i = 0; i < 8; i++) w[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return w;
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hamming distance between hash a and hash b stored in one flat word array (8 words per hash). */
function distanceAt(words: Uint32Array, a: number, b: number): number {
  let d = 0;
  const oa = a * 8;
  const ob = b * 8;
  for (let k = 0; k < 8; k++) d += popcount32((words[oa + k]! ^ words[ob + k]!) >>> 0);
  return d;
}

function flipMasks(radius: number): number[] {
  const out: number[] = [];
  for (let m = 0; m < 1 << 16; m++) if (popcount32(m) <= radius) out.push(m);
  return out;
}

/** Call `onPair(i, j, distance)` for every pair i < j of hashes within `threshold` bits (each pair once). */
export function forEachNearPair(
  hashes: readonly string[],
  threshold: number,
  onPair: (i: number, j: number, distance: number) => void,
): void {
  const n = hashes.length;
  const words = new Uint32Array(n * 8);
  hashes.forEach((h, i) => words.set(pdqWords(h), i * 8));
  const radius = Math.floor(threshold / BANDS);
  if (radius > MAX_RADIUS) {
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const d = distanceAt(words, i, j);
        if (d <= threshold) onPair(i, j, d);
      }
    return;
  }
  const band = (i: number, b: number): number => {
    const w = words[i * 8 + (b >> 1)]!;
    return b & 1 ? w & 0xffff : w >>> 16;
  };
  // Per band, a chained bucket list: head[band][key] → first item, next[band][item] → next item.
  const head = Array.from({ length: BANDS }, () => new Int32Array(1 << 16).fill(-1));
  const next = Array.from({ length: BANDS }, () => new Int32Array(n).fill(-1));
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < BANDS; b++) {
      const key = band(i, b);
      next[b]![i] = head[b]![key]!;
      head[b]![key] = i;
    }
  }
  const masks = flipMasks(radius);
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < BANDS; b++) {
      const key = band(i, b);
      const h = head[b]!;
      const nx = next[b]!;
      for (const m of masks) {
        for (let j = h[key ^ m]!; j !== -1; j = nx[j]!) {
          if (j <= i) break; // chains run from the highest index down
          if (seen[j] === i) continue;
          seen[j] = i;
          const d = distanceAt(words, i, j);
          if (d <= threshold) onPair(i, j, d);
        }
      }
    }
  }
}

/**
 * Call `onHit(q, i, distance)` for every query q and hash i within `threshold` bits (each pair once): the case's
 * rotated and mirrored hashes (queries) against its plain hashes, so that a flipped copy finds its original.
 */
export function forEachCrossPair(
  hashes: readonly string[],
  queries: readonly string[],
  threshold: number,
  onHit: (q: number, i: number, distance: number) => void,
): void {
  const n = hashes.length;
  const words = new Uint32Array((n + 1) * 8);
  hashes.forEach((h, i) => words.set(pdqWords(h), i * 8));
  const probe = n; // the slot the current query is copied into
  const radius = Math.floor(threshold / BANDS);
  if (radius > MAX_RADIUS) {
    queries.forEach((h, q) => {
      words.set(pdqWords(h), probe * 8);
      for (let i = 0; i < n; i++) {
        const d = distanceAt(words, probe, i);
        if (d <= threshold) onHit(q, i, d);
      }
    });
    return;
  }
  const band = (i: number, b: number): number => {
    const w = words[i * 8 + (b >> 1)]!;
    return b & 1 ? w & 0xffff : w >>> 16;
  };
  const head = Array.from({ length: BANDS }, () => new Int32Array(1 << 16).fill(-1));
  const next = Array.from({ length: BANDS }, () => new Int32Array(n).fill(-1));
  for (let i = 0; i < n; i++)
    for (let b = 0; b < BANDS; b++) {
      const key = band(i, b);
      next[b]![i] = head[b]![key]!;
      head[b]![key] = i;
    }
  const masks = flipMasks(radius);
  const seen = new Int32Array(n).fill(-1);
  queries.forEach((h, q) => {
    words.set(pdqWords(h), probe * 8);
    for (let b = 0; b < BANDS; b++) {
      const key = band(probe, b);
      for (const m of masks)
        for (let j = head[b]![key ^ m]!; j !== -1; j = next[b]![j]!) {
          if (seen[j] === q) continue;
          seen[j] = q;
          const d = distanceAt(words, probe, j);
          if (d <= threshold) onHit(q, j, d);
        }
    }
  });
}
