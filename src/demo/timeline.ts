/** The canonical timeline: media posts, text, replies, edits, contacts, joins, invitations, removals and titles, per chat. */
import type { Rng } from './prng.js';
import { activeTime } from './activity.js';
import { NEUTRAL, PHRASES } from './phrases.js';
import { countryByCode } from './world.js';
import type { Actor, Msg } from './model.js';
import type { World } from './social.js';
import type { MediaPost } from './media-plan.js';

const day = 86_400;
const ROLE_WEIGHT: Record<string, number> = {
  producer: 3,
  distributor: 4,
  consumer: 1.5,
  lurker: 0,
  undercover: 0,
};

/** A bland phrase in the actor's language (or the chat's), with place mentions from the actor's surroundings. */
export function phrase(rng: Rng, a: Actor, chatLanguage: string | null, world: World): string {
  if (rng.chance(0.08)) return rng.pick(NEUTRAL);
  let lang = a.language;
  if (chatLanguage === null && lang !== 'en' && rng.chance(0.35)) lang = 'en';
  else if (chatLanguage && chatLanguage !== lang && rng.chance(0.35)) lang = chatLanguage;
  const list = PHRASES[lang] ?? PHRASES['en']!;
  const p = rng.pick(list);
  if (!p.includes('{place}')) return p;
  const r = rng.next();
  const place =
    r < 0.75
      ? a.city.name
      : r < 0.9
        ? rng.pick(countryByCode(a.country).cities).name
        : rng.pick(rng.pick(world.countries).cities).name;
  return p.replace('{place}', place);
}

/** Build every chat's canonical messages, sorted by time, with platform ids for supergroups and channels. */
export function buildTimeline(rng: Rng, world: World, media: MediaPost[]): Msg[][] {
  const { chats, byUid } = world;
  const perChat: Msg[][] = chats.map(() => []);
  let key = 0;
  const push = (m: Omit<Msg, 'id' | 'key'>): Msg => {
    const msg: Msg = { ...m, id: 0, key: key++ };
    perChat[m.chat]!.push(msg);
    return msg;
  };
  for (const p of media)
    push({
      chat: p.chat,
      t: p.t,
      author: p.author,
      text: captionFor(rng, p, world),
      image: p.image,
      asFile: p.asFile,
      forwardedFrom: p.forwardedFrom,
    });

  // text messages, spread over chats by size
  const budget = Math.max(0, world.config.messages - media.length - estimateService(world));
  const groups = chats.filter((c) => c.type !== 'personal_chat');
  const sizes = groups.map((c) => (c.type.endsWith('channel') ? 8 : c.members.length ** 0.9 + 1));
  const total = sizes.reduce((x, y) => x + y, 0);
  groups.forEach((c, i) => {
    const n = Math.round((budget * 0.93 * sizes[i]!) / total);
    const posters = c.members.map((u) => byUid.get(u)!).filter((a) => ROLE_WEIGHT[a.role]! > 0);
    const weights = posters.map((a) => ROLE_WEIGHT[a.role]!);
    for (let k = 0; k < n; k++) {
      if (c.type.endsWith('channel')) {
        const owner = byUid.get(c.creator)!;
        push({
          chat: c.idx,
          t: activeTime(rng, owner, c.created + 600, c.end),
          author: 0,
          text: phrase(rng, owner, c.language, world),
        });
        continue;
      }
      if (posters.length === 0) break;
      const a = rng.weighted(posters, weights);
      const t = activeTime(rng, a, c.created + 3600, c.end);
      const m = push({ chat: c.idx, t, author: a.uid, text: phrase(rng, a, c.language, world) });
      if (rng.chance(0.03))
        m.edited = { t: t + rng.int(60, 7200), text: `${m.text} ${rng.pick(['🙂', '!', '...', '👍'])}` };
      if (rng.chance(0.01)) {
        const who = rng.chance(0.5) ? a.uid : rng.pick(c.members);
        push({ chat: c.idx, t: t + rng.int(5, 120), author: a.uid, text: '', contact: who });
      }
    }
  });
  // personal chats: an undercover account talks with a producer or distributor
  const personal = chats.filter((c) => c.type === 'personal_chat');
  const perPersonal = Math.max(12, Math.round((budget * 0.07) / Math.max(1, personal.length)));
  for (const c of personal) {
    const other = byUid.get(c.bareId)!;
    const acc = byUid.get(c.accounts[0]!.uid)!;
    const lo = c.created + 200 * day;
    for (let k = 0; k < perPersonal; k++) {
      const a = k % 3 === 1 ? acc : other;
      push({
        chat: c.idx,
        t: activeTime(rng, a, lo, c.end),
        author: a.uid,
        text: phrase(rng, a === acc ? { ...acc, language: 'en' } : a, null, world),
      });
    }
    if (rng.chance(0.7))
      push({
        chat: c.idx,
        t: activeTime(rng, other, lo, c.end),
        author: other.uid,
        text: '',
        contact: other.uid,
      });
    const theirs = media.filter((p) => p.author === other.uid);
    for (const p of rng.sample(theirs, 3)) {
      if (p.t + day < c.end)
        push({
          chat: c.idx,
          t: activeTime(rng, other, p.t + 3600, c.end),
          author: other.uid,
          text: '',
          image: p.image,
          asFile: p.asFile,
        });
    }
  }
  addService(rng, world, perChat, push);
  for (const list of perChat) list.sort((x, y) => x.t - y.t || x.key - y.key);
  addReplies(rng, perChat);
  for (const c of chats) {
    if (c.type === 'personal_chat' || c.type === 'private_group') continue;
    let id = c.old ? rng.int(1, 3) : 1;
    for (const m of perChat[c.idx]!) {
      m.id = id;
      id += rng.chance(0.02) ? rng.int(2, 4) : 1;
    }
  }
  return perChat;
}

function captionFor(rng: Rng, p: MediaPost, world: World): string {
  if (p.author === 0 || !rng.chance(0.25)) return '';
  return phrase(rng, world.byUid.get(p.author)!, world.chats[p.chat]!.language, world);
}

function estimateService(world: World): number {
  return world.chats.reduce(
    (s, c) => s + (c.type.endsWith('channel') || c.type === 'personal_chat' ? 1 : c.members.length + 2),
    0,
  );
}

type Push = (m: Omit<Msg, 'id' | 'key'>) => Msg;

function addService(rng: Rng, world: World, perChat: Msg[][], push: Push): void {
  for (const c of world.chats) {
    if (c.type === 'personal_chat') continue;
    const title = c.titles[0]!.name;
    const channel = c.type.endsWith('channel');
    if (c.type === 'private_group') {
      const initial = c.members.filter((u) => u !== c.creator).slice(0, 4);
      push({
        chat: c.idx,
        t: c.created,
        author: c.creator,
        text: '',
        action: { type: 'create_group', title, members: initial },
      });
    } else
      push({
        chat: c.idx,
        t: c.created,
        author: channel ? 0 : c.creator,
        text: '',
        action: { type: 'create_channel', title },
      });
    for (const tt of c.titles.slice(1))
      push({
        chat: c.idx,
        t: tt.from,
        author: channel ? 0 : c.creator,
        text: '',
        action: { type: 'edit_group_title', title: tt.name },
      });
    if (channel) continue;
    // join times: before each member's first post in the chat
    const firstPost = new Map<number, number>();
    for (const m of perChat[c.idx]!)
      if (m.author && (firstPost.get(m.author) ?? Infinity) > m.t) firstPost.set(m.author, m.t);
    const initial =
      c.type === 'private_group'
        ? new Set(c.members.filter((u) => u !== c.creator).slice(0, 4))
        : new Set<number>();
    const joined: number[] = [c.creator];
    const joins: { uid: number; t: number }[] = [];
    for (const u of c.members) {
      if (u === c.creator || initial.has(u)) continue;
      const fp = firstPost.get(u);
      const hi = fp !== undefined ? fp - 60 : c.end - 10 * day;
      const lo = c.created + 60;
      const t =
        fp !== undefined
          ? Math.max(lo, Math.floor(hi - rng.range(3600, 40 * day)))
          : Math.floor(rng.range(lo, Math.max(lo + 1, hi)));
      joins.push({ uid: u, t: Math.min(t, hi) });
    }
    for (const acc of c.accounts) joins.push({ uid: acc.uid, t: acc.joined });
    joins.sort((x, y) => x.t - y.t || x.uid - y.uid);
    for (const j of joins) {
      const r = rng.next();
      const isAccount = c.accounts.some((x) => x.uid === j.uid);
      if (c.type === 'private_group')
        push({
          chat: c.idx,
          t: j.t,
          author: c.creator,
          text: '',
          action: { type: 'invite_members', members: [j.uid] },
        });
      else if (r < 0.55 || isAccount)
        push({
          chat: c.idx,
          t: j.t,
          author: j.uid,
          text: '',
          action: { type: 'join_group_by_link', inviter: c.creator },
        });
      else if (r < 0.85)
        push({
          chat: c.idx,
          t: j.t,
          author: rng.pick(joined),
          text: '',
          action: { type: 'invite_members', members: [j.uid] },
        });
      else if (c.type === 'public_supergroup')
        push({
          chat: c.idx,
          t: j.t,
          author: j.uid,
          text: '',
          action: { type: 'invite_members', members: [j.uid] },
        });
      else
        push({
          chat: c.idx,
          t: j.t,
          author: j.uid,
          text: '',
          action: { type: 'join_group_by_link', inviter: c.creator },
        });
      joined.push(j.uid);
      const a = world.byUid.get(j.uid)!;
      if (a.role === 'lurker' && rng.chance(0.1)) {
        const leave = Math.floor(rng.range(j.t + day, Math.max(j.t + 2 * day, c.end)));
        const kicked = rng.chance(0.25);
        push({
          chat: c.idx,
          t: Math.min(leave, c.end),
          author: kicked ? c.creator : j.uid,
          text: '',
          action: { type: 'remove_members', members: [j.uid] },
        });
      }
    }
  }
}

function addReplies(rng: Rng, perChat: Msg[][]): void {
  for (const list of perChat) {
    for (let i = 1; i < list.length; i++) {
      const m = list[i]!;
      if (m.action || m.author === 0 || m.contact !== undefined || !rng.chance(0.2)) continue;
      for (let tries = 0; tries < 4; tries++) {
        const target = list[Math.max(0, i - rng.int(1, 25))]!;
        if (!target.action && target !== m && target.t < m.t) {
          m.replyTo = target;
          break;
        }
      }
    }
  }
}
