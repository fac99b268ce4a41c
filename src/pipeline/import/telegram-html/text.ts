import type { HtmlEntity, HtmlEntityType, HtmlText } from './ir.js';
import { hasClass, isEl, textOf, type El, type HtmlNode } from './tree.js';

const TAGS: Record<string, HtmlEntityType> = {
  strong: 'bold',
  b: 'bold',
  em: 'italic',
  i: 'italic',
  u: 'underline',
  s: 'strikethrough',
  del: 'strikethrough',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
};

const INTERNAL_LINKS = /^https?:\/\/(?:t\.me|telegram\.me)\/([A-Za-z0-9_]+)$/;

/**
 * Convert the children of a `div.text` back to plain text + entities (§6.4): `<br>` → `\n`, entities decoded by
 * the parser, tags → entity kinds. `resolve` turns a relative href (custom emoji) into an export-root path.
 */
export function readText(div: El | undefined, resolve: (href: string) => string | undefined): HtmlText {
  if (!div) return { text: '', entities: [] };
  const entities: HtmlEntity[] = [];
  let text = '';
  const walk = (n: HtmlNode): void => {
    if (!isEl(n)) {
      text += n;
      return;
    }
    if (n.tag === 'br') {
      text += '\n';
      return;
    }
    const start = text.length;
    for (const c of n.children) walk(c);
    const length = text.length - start;
    const kind = entityOf(n, textOf(n), resolve);
    if (kind && length > 0) entities.push({ ...kind, offset: start, length });
  };
  for (const c of div.children) walk(c);
  // The exporter writes "\n" + text + "\n" + indent around block content; drop exactly that layout.
  let shift = 0;
  if (text.startsWith('\n')) {
    text = text.slice(1);
    shift = 1;
  }
  const tail = /\n *$/.exec(text);
  if (tail) text = text.slice(0, tail.index);
  const max = text.length;
  const fixed = entities
    .map((e) => {
      const offset = Math.max(0, e.offset - shift);
      const end = Math.min(max, e.offset - shift + e.length);
      return { ...e, offset, length: end - offset };
    })
    .filter((e) => e.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities: fixed };
}

function entityOf(
  n: El,
  inner: string,
  resolve: (href: string) => string | undefined,
): { type: HtmlEntityType; href?: string } | undefined {
  const simple = TAGS[n.tag];
  if (simple) return { type: simple };
  if (n.tag === 'span' && hasClass(n, 'spoiler')) return { type: 'spoiler' };
  if (n.tag !== 'a') return undefined;
  const onclick = n.attrs.onclick ?? '';
  const href = n.attrs.href ?? '';
  if (onclick.includes('ShowHashtag')) return { type: 'hashtag' };
  if (onclick.includes('ShowCashtag')) return { type: 'cashtag' };
  if (onclick.includes('ShowBotCommand')) return { type: 'bot_command' };
  if (onclick.includes('ShowMentionName')) return { type: 'mention_name' };
  if (onclick.includes('Emoji')) return { type: 'custom_emoji' };
  if (href.startsWith('mailto:')) return { type: 'email' };
  if (href.startsWith('tel:')) return { type: 'phone' };
  const mention = INTERNAL_LINKS.exec(href);
  if (mention && inner === `@${mention[1]}`) return { type: 'mention' };
  if (href === inner) return { type: 'link' };
  if (href !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(href)) {
    const path = resolve(href);
    return path === undefined ? { type: 'custom_emoji' } : { type: 'custom_emoji', href: path };
  }
  return { type: 'text_link', href };
}
