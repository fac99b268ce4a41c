/** truth.json: what the generated case really contains, computed from what the exports show. */
import type { ImageFile } from './model.js';
import type { World } from './social.js';
import type { Observation } from './export-json.js';
import type { ExportPlan } from './export-plan.js';
import type { HashListInfo } from './hashlists.js';
import type { ReturnTruth } from './returns.js';
import { isoUtc } from './tz.js';
import { chatPlatformId } from './export-json.js';

const uid = (u: number): string => `telegram:user${u}`;

const before = (a: Observation, b: Observation): boolean =>
  a.t !== b.t ? a.t < b.t : a.chat !== b.chat ? a.chat < b.chat : a.message < b.message;

/** Build the truth document. */
export function buildTruth(input: {
  world: World;
  files: readonly ImageFile[];
  obs: readonly Observation[];
  plans: readonly ExportPlan[];
  lists: readonly HashListInfo[];
  returns: readonly ReturnTruth[];
  editedKey: number | undefined;
}): Record<string, unknown> {
  const { world, files, obs, plans, lists, returns } = input;
  const msgKeys = new Set<number>();
  const serviceKeys = new Set<number>();
  const posters = new Set<number>();
  const seen = new Set<number>();
  const channelAuthors = new Set<string>();
  const chatsSeen = new Set<string>();
  const firstOfFile = new Map<number, Observation>();
  const firstOfCluster = new Map<number, Observation>();
  const occurrences = new Map<number, number>();
  for (const o of obs) {
    msgKeys.add(o.key);
    chatsSeen.add(o.chat);
    if (o.service) serviceKeys.add(o.key);
    if (o.author === 0) channelAuthors.add(o.chat);
    else {
      seen.add(o.author);
      if (!o.service) posters.add(o.author);
    }
    if (o.chat.startsWith('telegram:user')) seen.add(Number(o.chat.slice('telegram:user'.length)));
    if (o.image !== undefined) {
      const f = files[o.image]!;
      const pf = firstOfFile.get(f.idx);
      if (!pf || before(o, pf)) firstOfFile.set(f.idx, o);
      const pc = firstOfCluster.get(f.cluster);
      if (!pc || before(o, pc)) firstOfCluster.set(f.cluster, o);
      occurrences.set(f.idx, (occurrences.get(f.idx) ?? 0) + 1);
    }
  }
  const shown = files.filter((f) => firstOfFile.has(f.idx));
  const byClass = (c: string): number => shown.filter((f) => f.cls === c).length;
  const accountUids = new Set(world.accounts.map((a) => a.uid));
  const seenActors = world.actors.filter((a) => seen.has(a.uid));
  const ret = new Map(returns.map((r) => [r.uid, r]));
  // Self-produced new clusters each actor posts first in the case itself (not as a forward): what ranks a producer.
  const originated = new Map<number, number>();
  for (const o of firstOfCluster.values()) {
    const f = files[o.image!]!;
    if (f.cls === 'new' && files[f.original]!.selfProduced === true && !o.forwarded && o.author !== 0)
      originated.set(o.author, (originated.get(o.author) ?? 0) + 1);
  }
  const ref = (o: Observation | undefined): Record<string, unknown> | null =>
    o ? { chat: o.chat, message: o.message, account: o.account, date: isoUtc(o.t) } : null;
  return {
    generator: { name: 'vigie demo', version: 1, seed: world.seed, scale: world.scale },
    counts: {
      messages: msgKeys.size,
      serviceMessages: serviceKeys.size,
      regularMessages: msgKeys.size - serviceKeys.size,
      chats: chatsSeen.size,
      actors: posters.size,
      actorsExcludingUndercover: [...posters].filter((u) => !accountUids.has(u)).length,
      members: seen.size,
      channelAuthors: channelAuthors.size,
      undercoverAccounts: world.accounts.length,
      images: shown.length,
      imageOccurrences: [...occurrences.values()].reduce((s, n) => s + n, 0),
      clusters: new Set(shown.map((f) => f.cluster)).size,
      knownImages: byClass('known'),
      newImages: byClass('new'),
      ignoredImages: byClass('ignored'),
      reencodedCopies: shown.filter((f) => f.variant !== 'original').length,
      selfProducedClusters: new Set(
        shown.filter((f) => files[f.original]!.selfProduced === true).map((f) => f.cluster),
      ).size,
      flippedCopies: shown.filter((f) => f.variant === 'mirrored' || f.variant === 'rotated').length,
      countries: new Set(seenActors.map((a) => a.country)).size,
      exports: plans.length,
      returnRows: returns.reduce((s, r) => s + r.rows, 0),
    },
    definitions: {
      messages: 'distinct messages over all exports (one message seen by several accounts counts once)',
      actors: 'user accounts that authored at least one regular message (undercover accounts included)',
      members: 'user accounts that appear with an id (sender, service actor, personal-chat peer)',
      channelAuthors:
        'channels whose posts carry the channel itself as sender (Vigie counts them as actors too)',
      images: 'distinct image files (SHA-256) in the exports',
      originator: 'author of the earliest occurrence of the cluster (time, then chat id, then message id)',
    },
    accounts: world.accounts.map((a) => ({ label: a.label, id: uid(a.uid), timeZone: a.tz })),
    exports: plans.map((p) => ({
      path: p.dir,
      account: p.account.label,
      kind: p.kind,
      chats: p.chats.map((c) => chatPlatformId(world.chats[c]!)),
      exportedAt: isoUtc(p.at),
      exporterTimeZone: p.tz,
      era: p.era,
      needsTz: p.era === 'v2.4',
      note: p.note,
    })),
    chats: world.chats
      .filter((c) => chatsSeen.has(chatPlatformId(c)))
      .map((c) => ({
        id: chatPlatformId(c),
        type: c.type,
        titles: c.titles.map((t) => ({ from: isoUtc(t.from), title: t.name })),
        language: c.language,
        created: isoUtc(c.created),
      })),
    editedBetweenExports:
      input.editedKey !== undefined ? (obs.find((o) => o.key === input.editedKey && o.chat) ?? null) : null,
    actors: seenActors.map((a) => ({
      id: uid(a.uid),
      role: a.role,
      country: a.country,
      language: a.language,
      timeZone: a.tz,
      city: a.city.name,
      expat: a.expat,
      phone: a.phone,
      names: a.names.map((n) => ({ from: isoUtc(n.from), name: n.name })),
      posted: posters.has(a.uid),
      /** Self-produced new clusters whose first message in the case is this actor's own post (not a forward). */
      originatedNewClusters: originated.get(a.uid) ?? 0,
      returns: ret.get(a.uid) ? { rows: ret.get(a.uid)!.rows, vpnCountry: ret.get(a.uid)!.vpn } : null,
    })),
    images: shown.map((f) => {
      const first = firstOfCluster.get(f.cluster);
      const orig = files[f.original]!;
      return {
        sha256: f.rendered!.sha256,
        md5: f.rendered!.md5,
        size: f.rendered!.size,
        width: f.rendered!.width,
        height: f.rendered!.height,
        class: f.cls,
        cluster: `cluster-${f.cluster}`,
        variant: f.variant,
        copyOf: f.variant === 'original' ? null : orig.rendered!.sha256,
        /** New clusters: shot by their first poster (a producer's series) or an ordinary member's unlisted photo. */
        selfProduced: f.cls === 'new' ? orig.selfProduced === true : null,
        exifGps: f.spec.exif
          ? { lat: Number(f.spec.exif.lat.toFixed(5)), lon: Number(f.spec.exif.lon.toFixed(5)) }
          : null,
        originator: first && first.author !== 0 ? uid(first.author) : null,
        firstMessage: ref(first),
        firstMessageOfFile: ref(firstOfFile.get(f.idx)),
        occurrences: occurrences.get(f.idx) ?? 0,
      };
    }),
    reencoded: shown
      .filter((f) => f.variant !== 'original')
      .map((f) => ({
        file: f.rendered!.sha256,
        original: files[f.original]!.rendered!.sha256,
        kind: f.variant,
      })),
    hashlists: lists,
  };
}
