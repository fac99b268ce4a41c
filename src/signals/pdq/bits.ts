// PDQ threshold, serialisation and dihedral variants (spec pdq.md §2.9–§2.11).

/** The 8 dihedral slots, in the order of pdq-photo-hasher --pdqdih-across. */
export const DIHEDRAL_SLOTS = [
  'orig',
  'rot90',
  'rot180',
  'rot270',
  'flipx',
  'flipy',
  'flipplus1',
  'flipminus1',
] as const;

/** One dihedral slot name (`rot90` is counter-clockwise, `flipy` a left-right mirror). */
export type DihedralSlot = (typeof DIHEDRAL_SLOTS)[number];

const SELECT = new Float32Array(256);

/** The lower median (128th smallest) of the 256 DCT values (quickselect on a copy: no full sort). */
export function lowerMedian(dct: Float32Array): number {
  const a = SELECT;
  a.set(dct);
  const k = 127;
  let lo = 0;
  let hi = 255;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** 64 lowercase hex digits: bit k = 16u+v is set iff dct[u][v] > median; word 15 printed first. */
export function dctToHex(dct: Float32Array): string {
  const m = lowerMedian(dct);
  let hex = '';
  for (let u = 15; u >= 0; u--) {
    let word = 0;
    for (let v = 0; v < 16; v++) if (dct[u * 16 + v]! > m) word |= 1 << v;
    hex += word.toString(16).padStart(4, '0');
  }
  return hex;
}

/** The all-zero hash given to degenerate images. */
export const ZERO_HASH = '0'.repeat(64);

/**
 * The DCT of one dihedral variant, computed from the original DCT alone (sign flips and transposes), into `out`
 * (a new array when not given).
 */
export function dihedralDct(
  a: Float32Array,
  slot: DihedralSlot,
  out: Float32Array = new Float32Array(256),
): Float32Array {
  for (let u = 0; u < 16; u++) {
    for (let v = 0; v < 16; v++) {
      const x = a[u * 16 + v]!;
      const uOdd = (u & 1) === 1;
      const vOdd = (v & 1) === 1;
      const even = ((u + v) & 1) === 0;
      switch (slot) {
        case 'orig':
          out[u * 16 + v] = x;
          break;
        case 'rot90':
          out[v * 16 + u] = vOdd ? x : -x;
          break;
        case 'rot180':
          out[u * 16 + v] = even ? x : -x;
          break;
        case 'rot270':
          out[v * 16 + u] = uOdd ? x : -x;
          break;
        case 'flipx':
          out[u * 16 + v] = uOdd ? x : -x;
          break;
        case 'flipy':
          out[u * 16 + v] = vOdd ? x : -x;
          break;
        case 'flipplus1':
          out[v * 16 + u] = x;
          break;
        case 'flipminus1':
          out[v * 16 + u] = even ? x : -x;
          break;
      }
    }
  }
  return out;
}

// One variant's DCT at a time (read at once by dctToHex): no 1 KiB array per variant and image.
const VARIANT = new Float32Array(256);

/** The 8 dihedral hashes of one DCT, keyed by slot (degenerate images give 8 zero hashes). */
export function dihedralHashes(dct: Float32Array, degenerate = false): Record<DihedralSlot, string> {
  const out = {} as Record<DihedralSlot, string>;
  for (const slot of DIHEDRAL_SLOTS) {
    out[slot] = degenerate ? ZERO_HASH : dctToHex(dihedralDct(dct, slot, VARIANT));
  }
  return out;
}
