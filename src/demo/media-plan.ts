/** The media plan: image clusters (known, new, ignored), their files (originals, re-encoded, resized copies) and posts. */
import type { Rng } from './prng.js';
import { activeTime } from './activity.js';
import { CAMERAS, exifUtcShift, originators, seenFrom, shotExif } from './production.js';
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
  // Self-production (issue 19): decided on a stream of its own so that the rest of the plan keeps its draws.
  const xr = rng.fork('production');
  const cameraOf = new Map<number, readonly [string, string]>();
  const camera = (uid: number): readonly [string, string] => {
    let c = cameraOf.get(uid);
    if (!c) cameraOf.set(uid, (c = xr.pick(CAMERAS)));
    return c;
  };
  const ordinary = [...distributors, ...consumers];

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
  const repost = (cls: ImageClass, c: number, orig: ImageFile, first: MediaPost, n: number, r: Rng): void => {
    const variants: ImageFile[] = [orig];
    for (let k = 0; k < n; k++) {
      const d = r.chance(0.8) ? r.pick(distributors) : r.pick(consumers.length ? consumers : distributors);
      const options = postable(d).filter((ch) => ch.idx !== first.chat || r.chance(0.2));
      if (options.length === 0) continue;
      const chat = r.pick(options);
      const lo = Math.max(first.t + 600, chat.created + day);
      const hi = Math.min(chat.end, END, lo + r.pick([3, 20, 90, 300]) * day);
      if (hi <= lo) continue;
      const t = activeTime(r, d, lo, hi);
      const mode = r.next();
      let file = r.pick(variants);
      let fwd: number | undefined;
      if (mode < 0.55) {
        if (r.chance(0.6)) fwd = first.author;
      } else {
        const spec = orig.spec;
        const s = r.range(Math.max(0.55, 640 / Math.max(spec.width, spec.height)), 0.85);
        const resized = mode >= 0.8 && Math.max(spec.width, spec.height) > 760;
        const vspec: ImageSpec = resized
          ? {
              ...spec,
              exif: undefined,
              base: spec,
              width: Math.round(spec.width * s),
              height: Math.round(spec.height * s),
              quality: r.int(70, 88),
            }
          : { ...spec, exif: undefined, base: spec, quality: Math.max(60, spec.quality - r.int(6, 20)) };
        // Two copies made with the same size and quality are the same bytes: reuse the first.
        const same = variants.find(
          (v) =>
            v.spec.base &&
            !v.spec.transform &&
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

  const flipped = (c: number, orig: ImageFile, first: MediaPost, transform: 'flop' | 'rotate90'): void => {
    const d = xr.pick(distributors.length ? distributors : ordinary);
    const options = d ? postable(d) : [];
    if (!d || options.length === 0) return;
    const chat = xr.pick(options);
    const lo = Math.max(first.t + 3600, chat.created + day);
    const hi = Math.min(chat.end, END, lo + 60 * day);
    if (hi <= lo) return;
    const spec = orig.spec;
    const turned = transform === 'rotate90';
    const file = addFile(
      'new',
      c,
      {
        ...spec,
        exif: undefined,
        base: spec,
        transform,
        width: turned ? spec.height : spec.width,
        height: turned ? spec.width : spec.height,
        quality: Math.max(60, spec.quality - xr.int(4, 12)),
      },
      orig.idx,
      turned ? 'rotated' : 'mirrored',
    );
    const channel = chat.type.endsWith('channel');
    posts.push({
      t: activeTime(xr, d, lo, hi),
      author: channel ? 0 : d.uid,
      chat: chat.idx,
      image: file.idx,
      asFile: false,
    });
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
    // A new picture is a producer's own shot, or (one in four) an ordinary member's unlisted, recompressed photo.
    const unlisted = cls === 'new' && ordinary.length > 0 && xr.chance(0.25);
    const drawn: Actor =
      cls === 'new'
        ? rng.weighted(producers, prodWeights)
        : rng.chance(0.8)
          ? rng.pick(distributors)
          : rng.pick(consumers.length ? consumers : distributors);
    const first = unlisted ? xr.pick(ordinary) : drawn;
    const options = groupChats(first, chats);
    if (options.length === 0) continue;
    const chat = rng.pick(options);
    const t = activeTime(rng, first, chat.created + day, chat.end - 5 * day);
    // Producers send their series as files from one camera (EXIF kept); members' photos are recompressed.
    if (cls === 'new' && rng.chance(0.2)) {
      // The draws of the earlier plan (a fifth sent as files), kept so that the rest of the case stays the same.
      rng.pick(CAMERAS);
      rng.int(60, 3 * day);
      rng.range(-0.05, 0.05);
      rng.range(-0.05, 0.05);
    }
    const asFile = cls === 'new' && !unlisted;
    let fileName: string | undefined;
    if (asFile) {
      const shot = shotExif(xr, camera(first.uid), byUid.get(first.uid)!, t);
      spec.exif = shot.exif;
      fileName = shot.fileName;
    }
    const orig = addFile(cls, c, spec, undefined, 'original');
    if (fileName) orig.fileName = fileName;
    if (cls === 'new') orig.selfProduced = !unlisted;
    const firstPost: MediaPost = { t, author: first.uid, chat: chat.idx, image: orig.idx, asFile };
    posts.push(firstPost);
    repost(cls, c, orig, firstPost, cls === 'new' ? 1 + rng.geometric(1.2) : rng.geometric(0.9), rng);
    // Producers shoot series: more pictures of the same session, posted in the days after (no reposts drawn).
    if (cls === 'new' && !unlisted && spec.exif && xr.chance(0.5))
      for (let k = xr.int(1, 2); k > 0 && files.length < target; k--) {
        const c2 = cluster++;
        const s2 = baseSpec(xr, `${world.seed}/img${c2}`);
        const shot = Date.parse(`${spec.exif.when.replace(/^(\d+):(\d+):/, '$1-$2-')}Z`) / 1000;
        s2.exif = { ...spec.exif, when: exifUtcShift(spec.exif.when, shot, xr.int(60, 1800)) };
        const o2 = addFile('new', c2, s2, undefined, 'original');
        o2.fileName = `${fileName!.slice(0, -4)}_${k}.jpg`;
        o2.selfProduced = true;
        posts.push({
          t: t + xr.int(600, 2 * day),
          author: first.uid,
          chat: chat.idx,
          image: o2.idx,
          asFile: true,
        });
      }
    // Some new pictures come back mirrored or turned a quarter (issue 19: they must join their original's cluster).
    if (cls === 'new' && xr.chance(0.3)) flipped(c, orig, firstPost, xr.chance(0.5) ? 'flop' : 'rotate90');
  }
  // Every producer originates at least one new cluster: a shot of its own, first posted by itself where an undercover
  // account sees it, then reposted (issue 19). Drawn after the plan on a stream of its own: the plan above is kept.
  const own = rng.fork('own-cluster');
  const first = originators(posts, files, chats);
  for (const p of producers) {
    if (first.has(p.uid)) continue;
    const options = groupChats(p, chats).flatMap((ch) => {
      const lo = Math.max(ch.created + day, seenFrom(ch) ?? Infinity);
      return lo < ch.end - 5 * day ? [{ ch, lo }] : [];
    });
    if (options.length === 0) continue;
    const { ch, lo } = own.pick(options);
    const c = cluster++;
    const spec = baseSpec(own, `${world.seed}/img${c}`);
    const t = activeTime(own, p, lo, ch.end - 5 * day);
    const shot = shotExif(own, camera(p.uid), p, t);
    spec.exif = shot.exif;
    const orig = addFile('new', c, spec, undefined, 'original');
    orig.fileName = shot.fileName;
    orig.selfProduced = true;
    const post: MediaPost = { t, author: p.uid, chat: ch.idx, image: orig.idx, asFile: true };
    posts.push(post);
    repost('new', c, orig, post, 1 + own.geometric(1.2), own);
  }
  return { files, posts };
}

/** Groups (not channels, not personal chats) an actor belongs to. */
export function groupChats(a: Actor, chats: readonly Chat[]): Chat[] {
  return a.chats
    .map((i) => chats[i]!)
    .filter((c) => c.type.endsWith('supergroup') || c.type === 'private_group');
}
