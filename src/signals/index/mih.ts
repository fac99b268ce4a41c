import { AppError } from '../../domain/errors.js';
import { PartnerScanner } from './scan-wasm.js';

/** One index hit: the position of the stored hash (insertion order) and its Hamming distance to the query. */
export interface PdqHit {
  readonly id: number;
  readonly distance: number;
}

/** Words per 256-bit PDQ hash (8 × 32 bits, most significant hex digits first). */
export const PDQ_WORDS = 8;
/** Tables: the 16-bit halves of the eight 32-bit words (table t = word t>>1, high half when t is even). */
const TABLES = 16;
const HALF_VALUES = 1 << 16;
const POP16 = new Uint8Array(HALF_VALUES).map((_, i) => {
  let n = 0;
  for (let v = i; v; v >>>= 1) n += v & 1;
  return n;
});

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Parse 64 hex digits into 8 uint32 words, written at `out[at..at+8)`. */
export function pdqToWords(hex: string, out: Uint32Array = new Uint32Array(PDQ_WORDS), at = 0): Uint32Array {
  if (hex.length !== 64) {
    throw new AppError('SIGNAL_INVALID', `not a pdq value (expected 64 hex digits): '${hex.slice(0, 80)}'`);
  }
  for (let w = 0, i = 0; w < PDQ_WORDS; w++) {
    let v = 0;
    for (const end = i + 8; i < end; i++) {
      const d = HEX_VALUE[hex.charCodeAt(i)] ?? -1;
      if (d < 0) throw new AppError('SIGNAL_INVALID', `not a pdq value: '${hex.slice(0, 80)}'`);
      v = (v << 4) | d;
    }
    out[at + w] = v >>> 0;
  }
  return out;
}

/** Back to 64 lowercase hex digits. */
export function wordsToPdq(words: Uint32Array, at = 0): string {
  let s = '';
  for (let w = 0; w < PDQ_WORDS; w++) s += words[at + w]!.toString(16).padStart(8, '0');
  return s;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function half(words: Uint32Array, at: number, t: number): number {
  const w = words[at + (t >>> 1)]!;
  return t & 1 ? w & 0xffff : w >>> 16;
}

function byDistanceThenId(a: PdqHit, b: PdqHit): number {
  return a.distance - b.distance || a.id - b.id;
}

/** Reference: compare the query with every stored hash (early exit after half the words). Sorted by distance, id. */
export function bruteForceQuery(data: Uint32Array, q: Uint32Array, maxDistance: number): PdqHit[] {
  const n = data.length / PDQ_WORDS;
  const hits: PdqHit[] = [];
  for (let i = 0, o = 0; i < n; i++, o += PDQ_WORDS) {
    let d =
      popcount(data[o]! ^ q[0]!) +
      popcount(data[o + 1]! ^ q[1]!) +
      popcount(data[o + 2]! ^ q[2]!) +
      popcount(data[o + 3]! ^ q[3]!);
    if (d > maxDistance) continue;
    d +=
      popcount(data[o + 4]! ^ q[4]!) +
      popcount(data[o + 5]! ^ q[5]!) +
      popcount(data[o + 6]! ^ q[6]!) +
      popcount(data[o + 7]! ^ q[7]!);
    if (d <= maxDistance) hits.push({ id: i, distance: d });
  }
  return hits.sort(byDistanceThenId);
}

/**
 * Exact multi-index hashing for 256-bit PDQ (after Norouzi et al. 2014), typed arrays only.
 *
 * The hash is cut into eight 32-bit bands. If distance(x, q) ≤ r then some band is within s = floor(r/8) bits
 * (pigeonhole), and inside that band one 16-bit half is within floor(s/2) ≤ 1 while the other half is within
 * s − (that half's distance). So each of the 16 half tables (ids counting-sorted by half value) is probed with the
 * query half and its one-bit flips, and each candidate is first filtered on the partner half stored inline next
 * to its id (sequential memory; ~99 % of random candidates rejected at r = 31) before the full 256-bit check.
 */
export class PdqIndex {
  private constructor(
    /** The stored hashes, 8 words each, in insertion order. */
    readonly data: Uint32Array,
    private readonly offsets: Uint32Array,
    private readonly ids: Uint32Array,
    private readonly scanner: PartnerScanner,
  ) {}

  /** Number of stored hashes. */
  get size(): number {
    return this.data.length / PDQ_WORDS;
  }

  /** Build from packed words (n × 8 uint32); ids are positions in that array. The array is kept, not copied. */
  static build(data: Uint32Array): PdqIndex {
    const n = data.length / PDQ_WORDS;
    if (!Number.isInteger(n))
      throw new AppError('INTERNAL', 'pdq index: data length is not a multiple of 8 words');
    const offsets = new Uint32Array(TABLES * (HALF_VALUES + 1));
    let maxBucket = 0;
    for (let t = 0; t < TABLES; t++) {
      const base = t * (HALF_VALUES + 1);
      for (let i = 0; i < n; i++) offsets[base + half(data, i * PDQ_WORDS, t) + 1]!++;
      for (let v = 0; v < HALF_VALUES; v++) {
        maxBucket = Math.max(maxBucket, offsets[base + v + 1]!);
        offsets[base + v + 1]! += offsets[base + v]!;
      }
    }
    const ids = new Uint32Array(TABLES * n);
    const scanner = new PartnerScanner(TABLES * n, maxBucket);
    const partners = scanner.partners;
    const cursor = new Uint32Array(HALF_VALUES);
    for (let t = 0; t < TABLES; t++) {
      const base = t * (HALF_VALUES + 1);
      cursor.set(offsets.subarray(base, base + HALF_VALUES));
      const tb = t * n;
      for (let i = 0; i < n; i++) {
        const at = tb + cursor[half(data, i * PDQ_WORDS, t)]!++;
        ids[at] = i;
        partners[at] = half(data, i * PDQ_WORDS, t ^ 1);
      }
    }
    return new PdqIndex(data, offsets, ids, scanner);
  }

  /** Build from hex strings (ids are positions in the array). */
  static fromHex(hexes: readonly string[]): PdqIndex {
    const data = new Uint32Array(hexes.length * PDQ_WORDS);
    hexes.forEach((h, i) => pdqToWords(h, data, i * PDQ_WORDS));
    return PdqIndex.build(data);
  }

  /** Bytes held by the index's typed arrays (hashes + tables). */
  memoryBytes(): number {
    return (
      this.data.byteLength + this.offsets.byteLength + this.ids.byteLength + this.scanner.partners.byteLength
    );
  }

  /** Every stored hash within `maxDistance` of the query, sorted by distance then id (beyond 31: brute force). */
  query(q: Uint32Array, maxDistance = 31): PdqHit[] {
    if (maxDistance > 31 || maxDistance < 0) return bruteForceQuery(this.data, q, maxDistance);
    const s = maxDistance >>> 3;
    const hr = s >>> 1;
    const n = this.size;
    const { data, offsets, ids } = this;
    const { scan, out, outByte } = this.scanner;
    const q0 = q[0]!,
      q1 = q[1]!,
      q2 = q[2]!,
      q3 = q[3]!,
      q4 = q[4]!,
      q5 = q[5]!,
      q6 = q[6]!,
      q7 = q[7]!;
    const hits: PdqHit[] = [];
    for (let t = 0; t < TABLES; t++) {
      const base = t * (HALF_VALUES + 1);
      const qh = half(q, 0, t);
      const qo = half(q, 0, t ^ 1);
      const tb = t * n;
      for (let f = -1; f < (hr ? 16 : 0); f++) {
        const p = f < 0 ? qh : qh ^ (1 << f);
        const limit = f < 0 ? s : s - 1;
        const kept = scan(
          (tb + offsets[base + p]!) * 2,
          (tb + offsets[base + p + 1]!) * 2,
          qo,
          limit,
          outByte,
        );
        for (let j = 0; j < kept; j++) {
          const k = out[j]! >>> 1;
          const o = ids[k]! * PDQ_WORDS;
          const d =
            popcount(data[o]! ^ q0) +
            popcount(data[o + 1]! ^ q1) +
            popcount(data[o + 2]! ^ q2) +
            popcount(data[o + 3]! ^ q3) +
            popcount(data[o + 4]! ^ q4) +
            popcount(data[o + 5]! ^ q5) +
            popcount(data[o + 6]! ^ q6) +
            popcount(data[o + 7]! ^ q7);
          if (d <= maxDistance && this.firstTable(o, q, s, hr) === t) hits.push({ id: ids[k]!, distance: d });
        }
      }
    }
    return hits.sort(byDistanceThenId);
  }

  /** The first table in which the hash at word offset `o` passes the probe and the partner filter. */
  private firstTable(o: number, q: Uint32Array, s: number, hr: number): number {
    for (let t = 0; t < TABLES; t++) {
      const dh = POP16[half(this.data, o, t) ^ half(q, 0, t)]!;
      if (dh <= hr && POP16[half(this.data, o, t ^ 1) ^ half(q, 0, t ^ 1)]! <= s - dh) return t;
    }
    return -1;
  }
}
