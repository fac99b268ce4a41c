import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';

/** One entry of `lists/chats.html` in a full-account HTML export (§1.4, §6.1). */
export interface ChatListEntry {
  /** `chats/chat_NN`, or null for a chat with no exported messages (no link). */
  readonly folder: string | null;
  readonly name: string;
  /** `private`, `bot`, `group`, `channel` or `unknown` (tdesktop's TypeString). */
  readonly type: string;
  readonly count: number;
  /** "N outgoing messages": the chat was exported with "Only my messages" (the only place this is recorded). */
  readonly onlyMyMessages: boolean;
  /** Listed in the second list (left channels and supergroups). */
  readonly left: boolean;
}

/** Read `lists/chats.html` of a full-account export; [] when it is absent. Text only, never HTML. */
export function readChatList(root: string): ChatListEntry[] {
  const path = join(root, 'lists', 'chats.html');
  if (!existsSync(path)) return [];
  const doc = parseDocument(readFileSync(path, 'utf8'), { decodeEntities: true });
  const lists = DomUtils.findAll(
    (e) => (e.attribs.class ?? '').split(/\s+/).includes('entry_list'),
    doc.children,
  );
  const out: ChatListEntry[] = [];
  lists.forEach((list, i) => {
    const entries = DomUtils.findAll(
      (e) => (e.attribs.class ?? '').split(/\s+/).includes('entry'),
      list.children,
    );
    for (const entry of entries) {
      const field = (cls: string): string => {
        const f = DomUtils.findOne((e) => (e.attribs.class ?? '').split(/\s+/).includes(cls), entry.children);
        return f ? DomUtils.textContent(f).trim() : '';
      };
      const count = field('details_entry');
      const m = /^(\d+|No|1) (outgoing )?messages?$/.exec(count);
      const href = entry.attribs.href ?? '';
      const folder = /(?:^|\/)(chats\/chat_\d+)\/messages\.html/.exec(href)?.[1] ?? null;
      out.push({
        folder: folder === null ? null : posix.normalize(folder),
        name: field('name'),
        type: field('info') || 'unknown',
        count: m ? (m[1] === 'No' ? 0 : Number(m[1])) : 0,
        onlyMyMessages: /outgoing/.test(count),
        left: i > 0,
      });
    }
  });
  return out;
}
