import { PDQ_WORDS } from '../index/mih.js';

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance of two packed PDQ hashes (8 words each at a[ai..], b[bi..]); stops once it reaches `stop`. */
export function hammingWords(a: Uint32Array, ai: number, b: Uint32Array, bi: number, stop = 257): number {
  let d = 0;
  for (let w = 0; w < PDQ_WORDS && d < stop; w++) d += popcount(a[ai + w]! ^ b[bi + w]!);
  return d;
}
