/** Chats of every type, memberships by language affinity, and which undercover account sits in which chat. */
import type { Rng } from './prng.js';
import type { Country } from './world.js';
import type { Actor, Chat, ChatType, Role, ScaleConfig } from './model.js';
import { DAY as day, END, OLD_END, OLD_START, START } from './calendar.js';

/** A random integer in [lo, hi] not used yet (recorded in `used`). */
export function uniqueId(rng: Rng, used: Set<number>, lo: number, hi: number): number {
  for (;;) {
    const v = rng.int(lo, hi);
    if (!used.has(v)) {
      used.add(v);
      return v;
    }
  }
}

const ROLE_CHATS: Record<Role, [number, number]> = {
  producer: [2, 3],
  distributor: [3, 5],
  consumer: [1, 3],
  lurker: [1, 2],
  undercover: [0, 0],
};

const TITLES = [
  'Weekend Hikers',
  'Photo Walks',
  'Retro Cars Club',
  'Plant Swap',
  'City Cyclists',
  'Board Games Night',
  'Street Food Lovers',
  'Aquarium Keepers',
  'Vinyl Collectors',
  'Sunset Photos',
  'Mountain Trails',
  'Coffee Corner',
  'Language Exchange',
  'Book Club',
  'Drone Views',
  'Garden Talk',
  'Night Sky',
  'Urban Sketchers',
  'Old Trains',
  'Kite Surfing',
  'Model Kits',
  'Cat Pictures',
  'Travel Tips',
  'Fishing Friends',
  'Lego Builders',
  'Chess Club',
  'Baking Together',
  'Running Club',
  'Tram Spotters',
  'Lighthouse Fans',
  'Bird Watchers',
  'Camping Gear',
];

function newChat(
  rng: Rng,
  idx: number,
  type: ChatType,
  bareId: number,
  title: string,
  language: string | null,
  old: boolean,
  creator: number,
): Chat {
  const created = old ? OLD_START : Math.floor(rng.range(START - 30 * day, START + 120 * day));
  const titles = [{ from: created, name: title }];
  if (type !== 'personal_chat' && rng.chance(0.3))
    titles.push({
      from: Math.floor(rng.range(created + 60 * day, (old ? OLD_END : END) - 20 * day)),
      name: `${title} ${rng.pick(['2.0', 'Club', 'Friends', '🌍'])}`,
    });
  return {
    idx,
    type,
    bareId,
    titles,
    language,
    created,
    end: old ? OLD_END : END,
    creator,
    members: [],
    accounts: [],
    old,
  };
}

/** Build the chats of the world and fill memberships. */
export function buildChats(
  rng: Rng,
  config: ScaleConfig,
  actors: Actor[],
  accounts: Actor[],
  used: Set<number>,
  countries: Country[],
): Chat[] {
  const chats: Chat[] = [];
  const titles = rng.shuffle([...TITLES]);
  const langs = countries.map((c) => c.language);
  const groups: Chat[] = [];
  for (let i = 0; i < config.supergroups; i++) {
    const type: ChatType = i % 2 === 0 ? 'private_supergroup' : 'public_supergroup';
    const lang = i % 3 === 0 ? null : rng.pick(langs);
    groups.push(
      newChat(
        rng,
        chats.length,
        type,
        uniqueId(rng, used, 1_100_000_000, 2_099_999_999),
        titles[i % titles.length]!,
        lang,
        false,
        0,
      ),
    );
    chats.push(groups[groups.length - 1]!);
  }
  const basic = newChat(
    rng,
    chats.length,
    'private_group',
    uniqueId(rng, used, 4_000_000, 999_999_999),
    titles[(config.supergroups + 1) % titles.length]!,
    null,
    false,
    0,
  );
  chats.push(basic);
  const old = newChat(
    rng,
    chats.length,
    'private_supergroup',
    uniqueId(rng, used, 1_100_000_000, 1_499_999_999),
    titles[(config.supergroups + 2) % titles.length]!,
    null,
    true,
    0,
  );
  chats.push(old);
  const distributors = actors.filter((a) => a.role === 'distributor');
  const producers = actors.filter((a) => a.role === 'producer');
  for (let i = 0; i < config.channels; i++) {
    const owner = distributors[i % distributors.length]!;
    const type: ChatType = i % 2 === 0 ? 'private_channel' : 'public_channel';
    const ch = newChat(
      rng,
      chats.length,
      type,
      uniqueId(rng, used, 1_100_000_000, 2_099_999_999),
      `${titles[(config.supergroups + 3 + i) % titles.length]!} Channel`,
      owner.language,
      false,
      owner.uid,
    );
    ch.members.push(owner.uid);
    owner.chats.push(ch.idx);
    chats.push(ch);
  }
  // memberships of ordinary actors
  const weights = groups.map((g, i) => 1 / (i + 1) ** 0.6);
  for (const a of actors) {
    const [lo, hi] = ROLE_CHATS[a.role];
    const k = Math.min(groups.length, rng.int(lo, hi));
    const picked = new Set<number>();
    for (let tries = 0; picked.size < k && tries < 50; tries++) {
      const g = rng.weighted(
        groups,
        groups.map((c, i) => weights[i]! * (c.language === a.language ? 6 : c.language === null ? 2 : 0.3)),
      );
      picked.add(g.idx);
    }
    if (a.role !== 'lurker' && basic.members.length < 40 && rng.chance(a.role === 'consumer' ? 0.02 : 0.3))
      picked.add(basic.idx);
    if (
      a.uid < 2 ** 31 &&
      a.role !== 'lurker' &&
      old.members.length < 60 &&
      rng.chance(a.role === 'consumer' ? 0.02 : 0.4)
    )
      picked.add(old.idx);
    for (const c of [...picked].sort((x, y) => x - y)) {
      chats[c]!.members.push(a.uid);
      a.chats.push(c);
    }
  }
  for (const g of [...groups, basic, old]) {
    if (g.members.length === 0) g.members.push(actors[g.idx % actors.length]!.uid);
    g.creator = g.members.find((u) => actors.find((a) => a.uid === u)?.role !== 'lurker') ?? g.members[0]!;
  }
  // personal chats between an undercover account and a producer or distributor
  const partners = [...producers, ...distributors];
  for (let i = 0; i < config.personalChats; i++) {
    const other = partners[i % partners.length]!;
    const acc = accounts[i % Math.min(3, accounts.length)]!;
    const pc = newChat(rng, chats.length, 'personal_chat', other.uid, '', other.language, false, other.uid);
    pc.members.push(other.uid);
    other.chats.push(pc.idx);
    pc.accounts.push({ uid: acc.uid, joined: pc.created });
    chats.push(pc);
  }
  // undercover accounts in groups and channels (collections overlap)
  const join = (c: Chat, a: Actor, frac: number): void => {
    if (c.accounts.some((x) => x.uid === a.uid)) return;
    c.accounts.push({ uid: a.uid, joined: Math.floor(c.created + (c.end - c.created) * frac) });
    a.chats.push(c.idx);
  };
  let turn = 0;
  chats.forEach((c, i) => {
    if (c.type === 'personal_chat') return;
    if (c.old) return join(c, accounts[Math.min(3, accounts.length - 1)]!, 0.2);
    if (c === basic) return join(c, accounts[0]!, 0.3);
    const a = i === 0 ? 0 : (turn++ + 1) % accounts.length;
    join(c, accounts[a]!, rng.range(0.05, 0.5));
    if (i === 0 || rng.chance(0.4)) join(c, accounts[(a + 1) % accounts.length]!, rng.range(0.1, 0.7));
  });
  return chats;
}
