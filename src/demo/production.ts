/** Producers' own pictures: camera EXIF, when the case can see a chat, and who originates a self-produced cluster. */
import type { Rng } from './prng.js';
import { exifLocal } from './tz.js';
import type { Actor, Chat, ImageFile, ImageSpec } from './model.js';
import type { MediaPost } from './media-plan.js';

/** Phone cameras a producer shoots with (one per producer, kept in the EXIF of every shot). */
export const CAMERAS: ReadonlyArray<readonly [string, string]> = [
  ['samsung', 'SM-A525F'],
  ['Apple', 'iPhone 12'],
  ['Xiaomi', 'Redmi Note 10'],
  ['Google', 'Pixel 6a'],
  ['HUAWEI', 'P30 lite'],
];

/** A shot's EXIF (camera, local capture time a minute to two days before `t`, GPS near home) and its file name. */
export function shotExif(
  r: Rng,
  cam: readonly [string, string],
  who: Actor,
  t: number,
): { exif: NonNullable<ImageSpec['exif']>; fileName: string } {
  const when = exifLocal(t - r.int(60, 2 * 86_400), who.tz);
  const exif = {
    make: cam[0],
    model: cam[1],
    when,
    lat: who.city.lat + r.range(-0.05, 0.05),
    lon: who.city.lon + r.range(-0.05, 0.05),
  };
  return {
    exif,
    fileName: `IMG_${when.slice(0, 10).replace(/:/g, '')}_${when.slice(11).replace(/:/g, '')}.jpg`,
  };
}

/**
 * From when an export of the chat shows its messages: a private basic group only from the first undercover
 * account's joining (export-plan.ts `visible`), any other chat from its creation; null when no account is in it.
 */
export function seenFrom(chat: Chat): number | null {
  if (chat.accounts.length === 0) return null;
  if (chat.type !== 'private_group') return chat.created;
  return Math.min(...chat.accounts.map((a) => a.joined));
}

/**
 * Actors whose own post (not a forward) is the first post the case can see of a self-produced new cluster: the
 * producers the case can tell apart by their new content.
 */
export function originators(
  posts: readonly MediaPost[],
  files: readonly ImageFile[],
  chats: readonly Chat[],
): Set<number> {
  const first = new Map<number, MediaPost>();
  for (const p of posts) {
    const from = seenFrom(chats[p.chat]!);
    if (from === null || p.t < from) continue;
    const c = files[p.image]!.cluster;
    const q = first.get(c);
    if (!q || p.t < q.t) first.set(c, p);
  }
  const out = new Set<number>();
  for (const p of first.values()) {
    const f = files[p.image]!;
    if (
      f.cls === 'new' &&
      files[f.original]!.selfProduced === true &&
      p.forwardedFrom === undefined &&
      p.author
    )
      out.add(p.author);
  }
  return out;
}

/** An EXIF local time `YYYY:MM:DD HH:MM:SS` moved `seconds` later (`at` is the same time read as UTC seconds). */
export function exifUtcShift(when: string, at: number, seconds: number): string {
  if (Number.isNaN(at)) return when;
  const d = new Date((at + seconds) * 1000).toISOString();
  return `${d.slice(0, 10).replace(/-/g, ':')} ${d.slice(11, 19)}`;
}
