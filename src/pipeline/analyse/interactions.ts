import { normaliseText } from './lexicon.js';
import { cmpStr, messageKey, type ActorNameInput, type EntityInput, type MessageInput } from './types.js';
import type { ClusterProvenance } from './provenance.js';

/** One directed actor–actor interaction found in the messages or the media spread. */
export interface Interaction {
  readonly from: string;
  readonly to: string;
  readonly kind: 'reply' | 'mention' | 'repost';
  readonly chatId: string;
  readonly messageId: number;
}

const AT_NAME = /(?<![\p{L}\p{N}_])@([A-Za-z0-9_]{3,32})/gu;

/** Resolve a mention text (`@name` or a display name) to one actor when exactly one actor carries that name. */
export function nameResolver(names: readonly ActorNameInput[]): (text: string) => string | null {
  const byName = new Map<string, Set<string>>();
  for (const n of names) {
    const k = normaliseText(n.name.replace(/^@/, '').trim());
    if (k === '') continue;
    const set = byName.get(k) ?? new Set<string>();
    set.add(n.actorId);
    byName.set(k, set);
  }
  return (text) => {
    const set = byName.get(normaliseText(text.replace(/^@/, '').trim()));
    return set && set.size === 1 ? [...set][0]! : null;
  };
}

/** Replies (to another author's message in the same chat), resolvable mentions, and reposts of others' media. */
export function findInteractions(
  messages: readonly MessageInput[],
  byKey: ReadonlyMap<string, MessageInput>,
  names: readonly ActorNameInput[],
  actorIds: ReadonlySet<string>,
  provenance: readonly ClusterProvenance[],
): Interaction[] {
  const resolve = nameResolver(names);
  const out: Interaction[] = [];
  for (const m of messages) {
    if (m.authorId === null) continue;
    const from = m.authorId;
    if (m.replyTo !== null) {
      // A reply to a service message is a forum topic's root (`topic_created`), not a conversation.
      const replied = byKey.get(messageKey(m.replyToPeer ?? m.chatId, m.replyTo));
      const target = replied && replied.type !== 'service' ? replied.authorId : null;
      if (target !== null && target !== from)
        out.push({ from, to: target, kind: 'reply', chatId: m.chatId, messageId: m.messageId });
    }
    const mentioned = new Set<string>();
    if (m.entities && m.entities.length > 0) {
      for (const e of m.entities) {
        let to: string | null = null;
        if (e.type === 'mention_name' && (typeof e.user_id === 'number' || typeof e.user_id === 'string')) {
          const id = `telegram:user${String(e.user_id)}`;
          to = actorIds.has(id) ? id : null;
        } else if (e.type === 'mention') {
          const text = entityText(e, m.text);
          if (text !== null) to = resolve(text);
        }
        if (to !== null) mentioned.add(to);
      }
    } else if (m.text) {
      for (const hit of m.text.matchAll(AT_NAME)) {
        const to = resolve(hit[1]!);
        if (to !== null) mentioned.add(to);
      }
    }
    mentioned.delete(from);
    for (const to of [...mentioned].sort(cmpStr))
      out.push({ from, to, kind: 'mention', chatId: m.chatId, messageId: m.messageId });
  }
  for (const p of provenance) {
    if (p.originator === null) continue;
    for (const l of p.later)
      if (l.authorId !== null && l.authorId !== p.originator)
        out.push({
          from: l.authorId,
          to: p.originator,
          kind: 'repost',
          chatId: l.chatId,
          messageId: l.messageId,
        });
  }
  return out.sort(
    (a, b) =>
      cmpStr(a.from, b.from) ||
      cmpStr(a.to, b.to) ||
      cmpStr(a.kind, b.kind) ||
      cmpStr(a.chatId, b.chatId) ||
      a.messageId - b.messageId,
  );
}

/** The text an entity covers: its own `text`, else the slice of the message text at its UTF-16 offset. */
function entityText(e: EntityInput, text: string | null): string | null {
  if (typeof e.text === 'string') return e.text;
  if (text === null || typeof e.offset !== 'number' || typeof e.length !== 'number') return null;
  return text.slice(e.offset, e.offset + e.length);
}
