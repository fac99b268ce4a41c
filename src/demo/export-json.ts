/** Write Telegram Desktop JSON exports (current and v2.4 era; single chat and full account) with their media files. */
import { copyFileSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileStamp, isoLocal } from './tz.js';
import { nameAt } from './people.js';
import { visible, type ExportPlan } from './export-plan.js';
import { writeTelegramHtml } from './telegram-html.js';
import type { Actor, Chat, ImageFile, Msg } from './model.js';
import type { World } from './social.js';

/** One message as seen in one export (for truth.json). */
export interface Observation {
  key: number;
  chat: string;
  message: number;
  account: string;
  export: string;
  t: number;
  author: number;
  service: boolean;
  image?: number;
  /** The message is a forward (of the author it names). */
  forwarded?: boolean;
}

type Json = Record<string, unknown>;
const SHIFT_USER = 2 ** 32;
const SHIFT_CHAT = 2 ** 33;

/** Platform id (`telegram:channel…`) of a chat. */
export function chatPlatformId(c: Chat): string {
  const kind = c.type === 'personal_chat' ? 'user' : c.type === 'private_group' ? 'chat' : 'channel';
  return `telegram:${kind}${c.bareId}`;
}

const peerKind = (c: Chat): string => (c.type === 'private_group' ? 'chat' : 'channel');

/** Context shared by the writers of one export. */
interface Ctx {
  world: World;
  plan: ExportPlan;
  out: string;
  stage: string;
  files: ImageFile[];
  ids: Map<number, number>;
  obs: Observation[];
  worldChat: (c: Chat) => Msg[];
}

function link(src: string, dst: string): void {
  mkdirSync(dirname(dst), { recursive: true });
  try {
    linkSync(src, dst);
  } catch {
    copyFileSync(src, dst);
  }
}

function chatObject(ctx: Ctx, c: Chat, prefix: string): Json {
  const { world, plan } = ctx;
  const T = plan.at;
  const old = plan.era === 'v2.4';
  const title = nameAt(c.titles, T);
  const userName = (uid: number): string => nameAt(world.byUid.get(uid)!.names, T);
  const userRef = (uid: number): string | number => (old ? SHIFT_USER + uid : `user${uid}`);
  const selfRef = old ? SHIFT_CHAT + c.bareId : `${peerKind(c)}${c.bareId}`;
  const used = new Map<string, string>();
  const names = new Set<string>();
  let photoN = 0;
  const idOf = (m: Msg): number | undefined =>
    c.type === 'personal_chat' || c.type === 'private_group' ? ctx.ids.get(m.key) : m.id;
  const messages: Json[] = [];
  for (const m of ctx.worldChat(c)) {
    if (!visible(m, c, plan.account.uid, T)) continue;
    const id = idOf(m);
    if (id === undefined) continue;
    const o: Json = { id, type: m.action ? 'service' : 'message', date: isoLocal(m.t, plan.tz) };
    if (!old) o['date_unixtime'] = String(m.t);
    const edited = m.edited && m.edited.t <= T ? m.edited : undefined;
    if (edited) {
      o['edited'] = isoLocal(edited.t, plan.tz);
      if (!old) o['edited_unixtime'] = String(edited.t);
    }
    const who = m.author === 0 ? title : userName(m.author);
    const whoRef = m.author === 0 ? selfRef : userRef(m.author);
    if (m.action) {
      o['actor'] = who;
      o['actor_id'] = whoRef;
      o['action'] = m.action.type;
      const a = m.action;
      if (a.type === 'create_channel' || a.type === 'edit_group_title') o['title'] = a.title;
      if (a.type === 'create_group') {
        o['title'] = a.title;
        o['members'] = a.members.map(userName);
      }
      if (a.type === 'invite_members' || a.type === 'remove_members') o['members'] = a.members.map(userName);
      if (a.type === 'join_group_by_link') o['inviter'] = userName(a.inviter);
    } else {
      o['from'] = who;
      o['from_id'] = whoRef;
      if (m.forwardedFrom !== undefined) o['forwarded_from'] = userName(m.forwardedFrom);
      const reply = m.replyTo ? idOf(m.replyTo) : undefined;
      if (reply !== undefined && m.replyTo!.t <= T) o['reply_to_message_id'] = reply;
      if (m.image !== undefined) mediaFields(ctx, o, m, prefix, used, names, () => ++photoN);
      if (m.contact !== undefined) {
        const p = world.byUid.get(m.contact)!;
        const [first, ...rest] = nameAt(p.names, T).split(' ');
        o['contact_information'] = {
          first_name: first ?? '',
          last_name: rest.join(' '),
          phone_number: p.phone,
        };
      }
    }
    const text = edited ? edited.text : m.text;
    o['text'] = text;
    if (!old) o['text_entities'] = text ? [{ type: 'plain', text }] : [];
    messages.push(o);
    ctx.obs.push({
      key: m.key,
      chat: chatPlatformId(c),
      message: id,
      account: plan.account.label!,
      export: plan.dir,
      t: m.t,
      author: m.author,
      service: !!m.action,
      image: m.image,
      ...(m.forwardedFrom !== undefined ? { forwarded: true } : {}),
    });
  }
  const head: Json = {};
  if (c.type === 'personal_chat') head['name'] = userName(c.bareId).split(' ')[0];
  else head['name'] = title;
  head['type'] = c.type;
  head['id'] = old ? SHIFT_CHAT + c.bareId : c.bareId;
  head['messages'] = messages;
  return head;
}

function mediaFields(
  ctx: Ctx,
  o: Json,
  m: Msg,
  prefix: string,
  used: Map<string, string>,
  names: Set<string>,
  nextPhoto: () => number,
): void {
  const f = ctx.files[m.image!]!;
  const r = f.rendered!;
  const old = ctx.plan.era === 'v2.4';
  const k = `${f.idx}:${m.asFile ? 'f' : 'p'}`;
  let rel = used.get(k);
  if (!rel) {
    if (m.asFile) {
      const base = f.fileName ?? `image_${f.idx}.jpg`;
      let name = base;
      for (let n = 1; names.has(name); n++) name = base.replace('.', ` (${n}).`);
      names.add(name);
      rel = `${prefix}files/${name}`;
    } else rel = `${prefix}photos/photo_${nextPhoto()}@${fileStamp(m.t, ctx.plan.tz)}.jpg`;
    used.set(k, rel);
    link(join(ctx.stage, `${f.idx}.jpg`), join(ctx.out, ctx.plan.dir, rel));
  }
  if (m.asFile) {
    o['file'] = rel;
    if (!old) o['file_name'] = rel.slice(rel.lastIndexOf('/') + 1);
    if (!old) o['file_size'] = r.size;
    o['mime_type'] = 'image/jpeg';
  } else {
    o['photo'] = rel;
    if (!old) o['photo_file_size'] = r.size;
  }
  o['width'] = r.width;
  o['height'] = r.height;
}

/** Write one planned export (with its HTML twin, tdesktop's "Both" format, when `html`); returns its observations. */
export function writeExport(
  world: World,
  perChat: Msg[][],
  plan: ExportPlan,
  out: string,
  stage: string,
  files: ImageFile[],
  ids: Map<number, number>,
  html: boolean,
): Observation[] {
  const obs: Observation[] = [];
  const ctx: Ctx = { world, plan, out, stage, files, ids, obs, worldChat: (c: Chat) => perChat[c.idx]! };
  const root = join(out, plan.dir);
  mkdirSync(root, { recursive: true });
  let doc: Json;
  if (plan.kind === 'chat') doc = chatObject(ctx, world.chats[plan.chats[0]!]!, '');
  else doc = fullExport(ctx, plan.account);
  writeFileSync(join(root, 'result.json'), JSON.stringify(doc, null, 1) + '\n');
  if (html && plan.era === 'current') writeTelegramHtml(doc, root, plan.tz);
  return obs;
}

function fullExport(ctx: Ctx, acc: Actor): Json {
  const { world, plan } = ctx;
  const [first, ...rest] = nameAt(acc.names, plan.at).split(' ');
  const digits = Math.max(2, String(plan.chats.length).length);
  const list = plan.chats.map((ci, i) =>
    chatObject(ctx, world.chats[ci]!, `chats/chat_${String(i + 1).padStart(digits, '0')}/`),
  );
  const partners = plan.chats
    .map((ci) => world.chats[ci]!)
    .filter((c) => c.type === 'personal_chat')
    .map((c) => world.byUid.get(c.bareId)!);
  return {
    about:
      "Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data and doesn't use it for any other purpose.",
    personal_information: {
      user_id: acc.uid,
      first_name: first ?? '',
      last_name: rest.join(' '),
      phone_number: acc.phone,
    },
    contacts: {
      about: 'If you allow access, Telegram continuously synchronizes your contacts list.',
      list: partners.map((p) => {
        const [pf, ...pr] = nameAt(p.names, plan.at).split(' ');
        const added = world.chats.find((c) => c.type === 'personal_chat' && c.bareId === p.uid)!.created;
        return {
          user_id: p.uid,
          first_name: pf ?? '',
          last_name: pr.join(' '),
          phone_number: p.phone,
          date: isoLocal(added, plan.tz),
          date_unixtime: String(added),
        };
      }),
    },
    chats: { about: 'This page lists all chats from this export.', list },
  };
}
