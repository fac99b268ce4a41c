/** The media plan: image clusters (known, new, ignored), their files (originals, re-encoded, resized copies) and posts. */
import type { Rng } from './prng.js';
import { activeTime } from './activity.js';
import { exifLocal } from './tz.js';
import type { Actor, Chat, ImageClass, ImageFile, ImageSpec } from './model.js';
import type { World } from './social.js';
import { END } from './social.js';

/** A planned image post. */
export interface MediaPost {
  t: number;
  author: number;
  chat: number;
  image: number;
  asFile: boolean;
  forwardedFrom?: number;
}

const day = 86_400;
const LONG_SIDES = [1280, 1280, 1280, 1080, 960, 960, 800, 800, 640];
const ASPECTS: ReadonlyArray<readonly [number, number]> = [
  [4, 3],
  [3, 4],
  [16, 9],
  [9, 16],
  [1, 1],
  [3, 2],
];
const CAMERAS: ReadonlyArray<readonly [string, string]> = [
  ['samsung', 'SM-A525F'],
  ['Apple', 'iPhone 12'],
  ['Xiaomi', 'Redmi Note 10'],
  ['Google', 'Pixel 6a'],
  ['HUAWEI', 'P30 lite'],
];

function baseSpec(rng: Rng, seed: string): ImageSpec {
  const long = rng.pick(LONG_SIDES);
  const [a, b] = rng.pick(ASPECTS);
  const width = a >= b ? long : Math.round((long * a) / b);
  const height = a >= b ? Math.round((long * b) / a) : long;
  return { seed, width, height, quality: rng.int(78, 90), noise: rng.range(0.25, 0.6) };
}

/** Plan clusters and posts until the number of distinct files reaches the scale's target. */
export function planMedia(rng: Rng, world: World): { files: ImageFile[]; posts: MediaPost[] } {
  const files: ImageFile[] = [];
  const posts: MediaPost[] = [];
  const { chats, byUid } = world;
  const actors = world.actors;
  const producers = actors.filter((a) => a.role === 'producer');
  const distributors = actors.filter((a) => a.role === 'distributor');
  const consumers = actors.filter((a) => a.role === 'consumer' && groupChats(a, chats).length > 0);
  const prodWeights = producers.map((_, i) => 1 / (i + 1) ** 0.5);
  const target = world.config.images;
  let cluster = 0;

  const addFile = (
    cls: ImageClass,
    c: number,
    spec: ImageSpec,
    original: number | undefined,
    variant: ImageFile['variant'],
  ): ImageFile => {
    const f: ImageFile = {
      idx: files.length,
      cluster: c,
      cls,
      variant,
      original: original ?? files.length,
      spec,
    };
    files.push(f);
    return f;
  };
  const postable = (a: Actor): Chat[] => [
    ...groupChats(a, chats),
    ...a.chats.map((i) => chats[i]!).filter((c) => c.type.endsWith('channel') && c.creator === a.uid),
  ];
  const repost = (cls: ImageClass, c: number, orig: ImageFile, first: MediaPost, n: number): void => {
    const variants: ImageFile[] = [orig];
    for (let k = 0; k < n; k++) {
      const d = rng.chance(0.8)
        ? rng.pick(distributors)
        : rng.pick(consumers.length ? consumers : distributors);
      const options = postable(d).filter((ch) => ch.idx !== first.chat || rng.chance(0.2));
      if (options.length === 0) continue;
      const chat = rng.pick(options);
      const lo = Math.max(first.t + 600, chat.created + day);
      const hi = Math.min(chat.end, END, lo + rng.pick([3, 20, 90, 300]) * day);
      if (hi <= lo) continue;
      const t = activeTime(rng, d, lo, hi);
      const mode = rng.next();
      let file = rng.pick(variants);
      let fwd: number | undefined;
      if (mode < 0.55) {
        if (rng.chance(0.6)) fwd = first.author;
      } else {
        const spec = orig.spec;
        const s = rng.range(Math.max(0.55, 640 / Math.max(spec.width, spec.height)), 0.85);
        const resized = mode >= 0.8 && Math.max(spec.width, spec.height) > 760;
        const vspec: ImageSpec = resized
          ? {
              ...spec,
              exif: undefined,
              base: spec,
              width: Math.round(spec.width * s),
              height: Math.round(spec.height * s),
              quality: rng.int(70, 88),
            }
          : { ...spec, exif: undefined, base: spec, quality: Math.max(60, spec.quality - rng.int(6, 20)) };
        // Two copies made with the same size and quality are the same bytes: reuse the first.
        const same = variants.find(
          (v) =>
            v.spec.base &&
            v.spec.width === vspec.width &&
            v.spec.height === vspec.height &&
            v.spec.quality === vspec.quality,
        );
        if (same) file = same;
        else {
          file = addFile(cls, c, vspec, orig.idx, resized ? 'resized' : 'reencoded');
          variants.push(file);
        }
      }
      const channel = chat.type.endsWith('channel');
      posts.push({
        t,
        author: channel ? 0 : d.uid,
        chat: chat.idx,
        image: file.idx,
        asFile: file === orig && first.asFile,
        forwardedFrom: fwd,
      });
    }
  };

  while (files.length < target) {
    const c = cluster++;
    const r = rng.next();
    const cls: ImageClass = r < 0.55 ? 'new' : r < 0.95 ? 'known' : 'ignored';
    const spec = baseSpec(rng, `${world.seed}/img${c}`);
    if (cls === 'ignored') {
      const orig = addFile(cls, c, spec, undefined, 'original');
      for (let k = rng.int(3, 8); k > 0; k--) {
        const a = rng.pick(consumers.length ? consumers : distributors);
        const chat = rng.pick(groupChats(a, chats));
        posts.push({
          t: activeTime(rng, a, chat.created + day, chat.end),
          author: a.uid,
          chat: chat.idx,
          image: orig.idx,
          asFile: false,
        });
      }
      continue;
    }
    const first: Actor =
      cls === 'new'
        ? rng.weighted(producers, prodWeights)
        : rng.chance(0.8)
          ? rng.pick(distributors)
          : rng.pick(consumers.length ? consumers : distributors);
    const options = groupChats(first, chats);
    if (options.length === 0) continue;
    const chat = rng.pick(options);
    const t = activeTime(rng, first, chat.created + day, chat.end - 5 * day);
    const asFile = cls === 'new' && rng.chance(0.2);
    let fileName: string | undefined;
    if (asFile) {
      const cam = rng.pick(CAMERAS);
      const who = byUid.get(first.uid)!;
      const when = exifLocal(t - rng.int(60, 3 * day), who.tz);
      spec.exif = {
        make: cam[0],
        model: cam[1],
        when,
        lat: who.city.lat + rng.range(-0.05, 0.05),
        lon: who.city.lon + rng.range(-0.05, 0.05),
      };
      fileName = `IMG_${when.slice(0, 10).replace(/:/g, '')}_${when.slice(11).replace(/:/g, '')}.jpg`;
    }
    const orig = addFile(cls, c, spec, undefined, 'original');
    if (fileName) orig.fileName = fileName;
    const firstPost: MediaPost = { t, author: first.uid, chat: chat.idx, image: orig.idx, asFile };
    posts.push(firstPost);
    repost(cls, c, orig, firstPost, cls === 'new' ? 1 + rng.geometric(1.2) : rng.geometric(0.9));
  }
  return { files, posts };
}

/** Groups (not channels, not personal chats) an actor belongs to. */
export function groupChats(a: Actor, chats: readonly Chat[]): Chat[] {
  return a.chats
    .map((i) => chats[i]!)
    .filter((c) => c.type.endsWith('supergroup') || c.type === 'private_group');
}
