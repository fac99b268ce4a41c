import { seededRng } from '../src/pipeline/analyse/betweenness.js';
import type { MessageInput, Occurrence } from '../src/pipeline/analyse/types.js';

/** A random 64-hex PDQ value from a seeded RNG. */
export function randomPdq(rng: () => number): string {
  let s = '';
  for (let i = 0; i < 64; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

/** Flip the given bit positions (0–255) of a 64-hex value. */
export function flipBits(hex: string, bits: readonly number[]): string {
  const nibbles = hex.split('').map((c) => parseInt(c, 16));
  for (const b of bits) nibbles[b >> 2] = nibbles[b >> 2]! ^ (8 >> (b & 3));
  return nibbles.map((n) => n.toString(16)).join('');
}

/** `count` distinct bit positions chosen by the RNG. */
export function someBits(rng: () => number, count: number): number[] {
  const set = new Set<number>();
  while (set.size < count) set.add(Math.floor(rng() * 256));
  return [...set];
}

/** A fake sha256 made from a label (64 hex, deterministic). */
export function sha(label: string): string {
  let h = '';
  const rng = seededRng([...label].reduce((a, c) => a * 31 + c.charCodeAt(0), 7));
  for (let i = 0; i < 64; i++) h += Math.floor(rng() * 16).toString(16);
  return h;
}

/** Build an occurrence with defaults. */
export function occ(p: Partial<Occurrence> & Pick<Occurrence, 'sha256'>): Occurrence {
  return {
    chatId: 'telegram:channel1',
    messageId: 1,
    authorId: 'telegram:user1',
    dateUtc: 0,
    sourceId: 's1',
    ...p,
  };
}

/** Build a message with defaults. */
export function msg(p: Partial<MessageInput> & Pick<MessageInput, 'messageId'>): MessageInput {
  return {
    chatId: 'telegram:channel1',
    type: 'message',
    authorId: 'telegram:user1',
    dateUtc: 0,
    replyTo: null,
    text: null,
    entities: null,
    forwardedFrom: null,
    ...p,
  };
}
