/** Which undercover account exports which chats, when, in which era and layout; per-account message ids. */
import type { Rng } from './prng.js';
import { dateLocal } from './tz.js';
import type { Actor, Chat, Msg } from './model.js';
import type { World } from './social.js';

/** One export folder to write. */
export interface ExportPlan {
  account: Actor;
  kind: 'chat' | 'full';
  chats: number[];
  at: number;
  tz: string;
  era: 'current' | 'v2.4';
  /** Folder path relative to the output root, e.g. `exports/UC-A/ChatExport_2026-11-10`. */
  dir: string;
  /** Why this export exists (for truth.json). */
  note: string;
}

const at = (y: number, mo: number, d: number, h: number, mi = 0): number =>
  Date.UTC(y, mo - 1, d, h, mi) / 1000;
/** Export times per account label. */
const EXPORT_AT: Readonly<Record<string, number>> = {
  'UC-A': at(2026, 11, 10, 9, 30),
  'UC-B': at(2026, 11, 20, 15),
  'UC-C': at(2026, 11, 14, 8),
  'UC-D': at(2026, 11, 18, 10),
  'UC-E': at(2026, 11, 22, 17),
};
/** UC-B's first export of chat 0, re-exported later with an edited message. */
export const FIRST_EXPORT_AT = at(2026, 10, 1, 14);
/** UC-D's export of the old chat, written by a v2.4-era Telegram Desktop. */
export const OLD_EXPORT_AT = at(2021, 3, 20, 11);

/** True when `m` is in an export of `chat` by account `uid` taken at time `t`. */
export function visible(m: Msg, chat: Chat, uid: number, t: number): boolean {
  if (m.t > t) return false;
  if (chat.type === 'private_group') {
    const j = chat.accounts.find((a) => a.uid === uid);
    return j !== undefined && m.t >= j.joined;
  }
  return true;
}

/** Plan all exports of the world. */
export function planExports(world: World): ExportPlan[] {
  const plans: ExportPlan[] = [];
  const taken = new Map<string, number>();
  const folder = (label: string, prefix: string, t: number, tz: string): string => {
    const base = `exports/${label}/${prefix}_${dateLocal(t, tz)}`;
    const n = taken.get(base) ?? 0;
    taken.set(base, n + 1);
    return n === 0 ? base : `${base} (${n})`;
  };
  for (const acc of world.accounts) {
    const label = acc.label!;
    const mine = world.chats.filter((c) => c.accounts.some((a) => a.uid === acc.uid));
    for (const c of mine) {
      if (c.old) {
        plans.push({
          account: acc,
          kind: 'chat',
          chats: [c.idx],
          at: OLD_EXPORT_AT,
          tz: acc.tz,
          era: 'v2.4',
          dir: folder(label, 'ChatExport', OLD_EXPORT_AT, acc.tz),
          note: 'old-era export (v2.4.0–v2.7.1): numeric shifted ids, no date_unixtime; import with --tz',
        });
        continue;
      }
      if (label === 'UC-B' && c.idx === 0) {
        plans.push({
          account: acc,
          kind: 'chat',
          chats: [0],
          at: FIRST_EXPORT_AT,
          tz: acc.tz,
          era: 'current',
          dir: folder(label, 'ChatExport', FIRST_EXPORT_AT, acc.tz),
          note: 'first export of a chat re-exported later',
        });
      }
      const t = EXPORT_AT[label]!;
      const note =
        label === 'UC-B' && c.idx === 0
          ? 're-export: later messages and one message edited since the first export'
          : 'single-chat export';
      plans.push({
        account: acc,
        kind: 'chat',
        chats: [c.idx],
        at: t,
        tz: acc.tz,
        era: 'current',
        dir: folder(label, 'ChatExport', t, acc.tz),
        note,
      });
    }
    if (label === 'UC-A') {
      const box = mine
        .filter((c) => c.type === 'personal_chat' || c.type === 'private_group')
        .map((c) => c.idx);
      const t = EXPORT_AT[label]! + 2700;
      plans.push({
        account: acc,
        kind: 'full',
        chats: box,
        at: t,
        tz: acc.tz,
        era: 'current',
        dir: folder(label, 'DataExport', t, acc.tz),
        note: 'full-account export (personal chats and basic group)',
      });
    }
  }
  return plans;
}

/**
 * Message ids of personal chats and basic groups come from each account's own message box:
 * one counter over all its dialogs, so one message has different ids in different accounts' exports.
 */
export function boxIds(rng: Rng, world: World, perChat: Msg[][]): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const acc of world.accounts) {
    const msgs: Msg[] = [];
    for (const c of world.chats) {
      if (c.type !== 'personal_chat' && c.type !== 'private_group') continue;
      if (!c.accounts.some((a) => a.uid === acc.uid)) continue;
      for (const m of perChat[c.idx]!) if (visible(m, c, acc.uid, Infinity)) msgs.push(m);
    }
    msgs.sort((x, y) => x.t - y.t || x.key - y.key);
    const ids = new Map<number, number>();
    let id = rng.int(120_000, 600_000);
    for (const m of msgs) {
      id += rng.chance(0.3) ? rng.int(2, 40) : 1;
      ids.set(m.key, id);
    }
    out.set(acc.uid, ids);
  }
  return out;
}

/** Make one message of chat 0 edited between UC-B's two exports (the re-export scenario). */
export function editBetweenExports(rng: Rng, perChat: Msg[][]): Msg | undefined {
  const candidates = (perChat[0] ?? []).filter(
    (m) => !m.action && m.text && !m.edited && m.author !== 0 && m.t < FIRST_EXPORT_AT,
  );
  const m = candidates.length ? rng.pick(candidates.slice(-50)) : undefined;
  if (m) m.edited = { t: FIRST_EXPORT_AT + rng.int(3, 30) * 86_400, text: `${m.text} (edit)` };
  return m;
}
