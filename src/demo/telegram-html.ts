/**
 * Renders a Telegram Desktop JSON chat object (the `result.json` of a single-chat export, spec §3.1) as the
 * HTML pages tdesktop writes for the same chat (§6): message blocks, joined messages, day separators, date
 * titles with the zone's STANDARD offset (the real exporter's pitfall), service templates, media blocks,
 * formatting, replies, forwards and 1000-message pages. Used to write generated cases in both formats.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { offsetSeconds } from './tz.js';
import {
  div,
  escapeHtml,
  formatText,
  generic,
  mediaBlock,
  num,
  serviceText,
  str,
  unixOf,
} from '../pipeline/import/telegram-html/render-parts.js';

export { escapeHtml };

/** A tdesktop JSON chat object (only the keys the renderer reads are typed). */
export interface JsonChatObject {
  readonly name?: string | null;
  readonly type?: string | null;
  readonly id?: number;
  readonly messages: readonly Record<string, unknown>[];
}

/** Rendering options. */
export interface HtmlRenderOptions {
  /** IANA zone of the "exporting computer": wall clocks and the standard-offset suffix come from it. */
  readonly tz: string;
  /** Messages per page (tdesktop: 1000). */
  readonly perPage?: number;
  /** Forward dates (message id → UTC epoch seconds): HTML shows them, JSON cannot hold them. */
  readonly forwardedDates?: ReadonlyMap<number, number>;
  /** Prefix of media hrefs: `''` for a single-chat export, `'../../'` for `chats/chat_NN/` pages. */
  readonly hrefBase?: string;
}

/** One HTML page: file name (`messages.html`, `messages2.html` …) and its text. */
export interface HtmlPage {
  readonly name: string;
  readonly html: string;
}

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
const p2 = (n: number): string => String(n).padStart(2, '0');

interface Clock {
  wall: Date;
  title: string;
  day: string;
}

/** Wall clock and title of an instant; `legacy` (no UTC time in the JSON, tdesktop < 3.7.6) takes the local
 *  text as is and writes no zone suffix, as those versions did. */
function clock(unix: number, tz: string, legacy?: string): Clock {
  const wall =
    legacy !== undefined
      ? new Date(Date.parse(`${legacy}Z`))
      : new Date((unix + offsetSeconds(unix, tz)) * 1000);
  const year = wall.getUTCFullYear();
  const std =
    Math.min(
      offsetSeconds(Date.UTC(year, 0, 15) / 1000, tz),
      offsetSeconds(Date.UTC(year, 6, 15) / 1000, tz),
    ) / 60;
  const a = Math.abs(std);
  const suffix = `UTC${std < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
  const d = `${p2(wall.getUTCDate())}.${p2(wall.getUTCMonth() + 1)}.${year}`;
  const t = `${p2(wall.getUTCHours())}:${p2(wall.getUTCMinutes())}:${p2(wall.getUTCSeconds())}`;
  return {
    wall,
    title: legacy !== undefined ? `${d} ${t}` : `${d} ${t} ${suffix}`,
    day: `${wall.getUTCDate()} ${MONTHS[wall.getUTCMonth()]} ${year}`,
  };
}

interface Prev {
  service: boolean;
  fromId: unknown;
  viaBot: unknown;
  day: string;
  unix: number;
  fwd: unknown;
}

/** Render the chat as tdesktop HTML pages (`messages.html`, `messages2.html` …), in memory. */
export function renderTelegramHtml(chat: JsonChatObject, opts: HtmlRenderOptions): HtmlPage[] {
  const perPage = opts.perPage ?? 1000;
  const isChannel = /channel$/.test(chat.type ?? '');
  const pageOf = new Map<number, number>();
  chat.messages.forEach((m, i) => pageOf.set(Number(m['id']), Math.floor(i / perPage)));
  const pageName = (k: number): string => (k === 0 ? 'messages.html' : `messages${k + 1}.html`);
  const pages: HtmlPage[] = [];
  let separator = 0;
  for (let k = 0; k * perPage < Math.max(chat.messages.length, 1); k++) {
    const slice = chat.messages.slice(k * perPage, (k + 1) * perPage);
    const link = (id: number, text: string): string => {
      const target = pageOf.get(id);
      const href =
        target !== undefined && target < k ? `${pageName(target)}#go_to_message${id}` : `#go_to_message${id}`;
      return `<a href="${href}" onclick="return GoToMessage(${id})">${text}</a>`;
    };
    let out = '';
    if (k > 0) out += `<a class="pagination block_link" href="${pageName(k - 1)}">Previous messages</a>`;
    let prev: Prev | undefined;
    for (const m of slice) {
      const id = Number(m['id']);
      const legacy = m['date_unixtime'] === undefined ? str(m['date']) : undefined;
      const c = clock(unixOf(m), opts.tz, legacy);
      const unix = legacy !== undefined ? c.wall.getTime() / 1000 : unixOf(m);
      if (!prev || prev.day !== c.day) {
        out += `\n<div class="message service" id="message-${++separator}">${div('body details', c.day)}</div>\n`;
        prev = undefined;
      }
      if (m['type'] !== 'message') {
        const text =
          m['type'] === 'unsupported'
            ? 'This message is not supported by this version of Telegram Desktop. Please update the application.'
            : serviceText(m, isChannel, link);
        if (text || m['action'] !== 'phone_call') {
          out += `\n<div class="message service" id="message${id}">${div('body details', text)}</div>\n`;
          prev = {
            service: true,
            fromId: m['actor_id'],
            viaBot: undefined,
            day: c.day,
            unix,
            fwd: undefined,
          };
          continue;
        }
      }
      const call = m['action'] === 'phone_call';
      const fromId = call ? m['actor_id'] : m['from_id'];
      const from = str(call ? m['actor'] : m['from']) ?? 'Deleted Account';
      const fwd = m['forwarded_from'];
      const fwdLimit = fwd !== undefined ? 1 : 900;
      const joined =
        prev !== undefined &&
        !prev.service &&
        fromId !== undefined &&
        prev.fromId === fromId &&
        prev.viaBot === m['via_bot'] &&
        prev.fwd === fwd &&
        Math.abs(unix - prev.unix) <= fwdLimit;
      prev = { service: false, fromId, viaBot: m['via_bot'], day: c.day, unix, fwd };
      const color = (Number(String(fromId ?? '0').replace(/\D/g, '') || '0') % 7) + 1;
      const shown = from.includes(' ') ? from : `${from} `;
      let body = div(
        'pull_right date details" title="' + c.title,
        `${p2(c.wall.getUTCHours())}:${p2(c.wall.getUTCMinutes())}`,
      );
      if (!joined)
        body += div(
          'from_name',
          escapeHtml(shown) + (str(m['via_bot']) ? ` via ${escapeHtml(str(m['via_bot'])!)}` : ''),
        );
      let inner = '';
      const reply = num(m['reply_to_message_id']);
      if (reply !== undefined)
        inner += div(
          'reply_to details',
          m['reply_to_peer_id'] !== undefined
            ? 'In reply to a message in another chat'
            : `In reply to ${link(reply, 'this message')}`,
        );
      if (call) {
        const reason = m['discard_reason'];
        const st = reason === 'missed' ? 'Missed' : reason === 'busy' ? 'Declined' : 'Incoming';
        inner += generic(
          `media_call${num(m['duration_seconds']) ? ' success' : ''}`,
          undefined,
          chat.name ?? '',
          num(m['duration_seconds']) ? `${st} (${num(m['duration_seconds'])} seconds)` : st,
        );
      } else inner += mediaBlock(withBase(m, opts.hrefBase ?? ''));
      const text = formatText(m['text']);
      if (text) inner += div('text', text);
      if (str(m['author'])) inner += div('signature details', escapeHtml(str(m['author'])!));
      if (fwd !== undefined) {
        const fwdAt = opts.forwardedDates?.get(id);
        const fd = fwdAt !== undefined ? clock(fwdAt, opts.tz) : c;
        const fname = escapeHtml(typeof fwd === 'string' ? fwd : 'Deleted Account');
        body += `${div('pull_left forwarded userpic_wrap', '')}${div('forwarded body', div('from_name', `${fname} <span class="date details" title="${fd.title}"> ${fd.title.slice(0, 19)}</span>`) + inner)}`;
      } else body += inner;
      const pic = joined
        ? ''
        : div(
            'pull_left userpic_wrap',
            `<div class="userpic userpic${color}" style="width: 42px; height: 42px">${div('initials" style="line-height: 42px', escapeHtml(from.slice(0, 1)))}</div>`,
          );
      out += `\n<div class="message default clearfix${joined ? ' joined' : ''}" id="message${id}">${pic}${div('body', body)}</div>\n`;
    }
    if ((k + 1) * perPage < chat.messages.length)
      out += `<a class="pagination block_link" href="${pageName(k + 1)}">Next messages</a>`;
    const header = div(
      'page_header',
      div('content', div('text bold', escapeHtml(chat.name ?? 'Saved messages'))),
    );
    const html = `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8"/>\n<title>Exported Data</title>\n<link href="css/style.css" rel="stylesheet"/>\n<script src="js/script.js" type="text/javascript"></script>\n</head>\n<body onload="CheckLocation();">\n<div class="page_wrap">${header}${div('page_body chat_page', div('history', out))}</div>\n</body>\n</html>\n`;
    pages.push({ name: pageName(k), html });
  }
  return pages;
}

const PATH_KEYS = ['photo', 'file', 'thumbnail', 'contact_vcard'];

function withBase(m: Record<string, unknown>, base: string): Record<string, unknown> {
  if (base === '') return m;
  const out = { ...m };
  for (const k of PATH_KEYS) {
    const v = out[k];
    if (typeof v === 'string' && !(v.startsWith('(') && v.endsWith(')'))) out[k] = base + v;
  }
  return out;
}

/**
 * Write the HTML twin of a JSON export document next to its `result.json` (tdesktop's "Both" format):
 * a single-chat object gives `messages*.html` in `root`; a full-account object gives `export_results.html` and
 * `chats/chat_NN/messages*.html` (NN as in the JSON media paths). Returns the written paths, relative to `root`.
 */
export function writeTelegramHtml(doc: Record<string, unknown>, root: string, tz: string): string[] {
  const written: string[] = [];
  const put = (rel: string, html: string): void => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), html);
    written.push(rel);
  };
  if (Array.isArray(doc['messages'])) {
    for (const p of renderTelegramHtml(doc as unknown as JsonChatObject, { tz })) put(p.name, p.html);
    return written;
  }
  const list = [
    ...(((doc['chats'] as { list?: JsonChatObject[] } | undefined)?.list ?? []) as JsonChatObject[]),
    ...(((doc['left_chats'] as { list?: JsonChatObject[] } | undefined)?.list ?? []) as JsonChatObject[]),
  ];
  const digits = Math.max(2, String(list.length).length);
  let entries = '';
  list.forEach((chat, i) => {
    const folder = `chats/chat_${String(i + 1).padStart(digits, '0')}`;
    const n = chat.messages.length;
    const count = n === 0 ? 'No messages' : n === 1 ? '1 message' : `${n} messages`;
    const body = `${div('pull_right info details', listType(chat.type))}${div('name bold', escapeHtml(chat.name ?? 'Deleted Account'))}${div('details_entry details', count)}`;
    entries += n
      ? `<a class="entry block_link clearfix" href="../${folder}/messages.html#allow_back">${div('body', body)}</a>`
      : div('entry clearfix', div('body', body));
    if (n === 0) return;
    for (const p of renderTelegramHtml(chat, { tz, hrefBase: '../../' })) put(`${folder}/${p.name}`, p.html);
  });
  const head =
    '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8"/>\n<title>Exported Data</title>\n</head>\n<body>\n';
  put(
    'lists/chats.html',
    `${head}<div class="page_wrap">${div('page_body list_page', div('entry_list', entries))}</div>\n</body>\n</html>\n`,
  );
  put(
    'export_results.html',
    '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8"/>\n<title>Exported Data</title>\n</head>\n<body>\n<div class="page_wrap">\n</div>\n</body>\n</html>\n',
  );
  return written;
}

/** tdesktop's TypeString for the chat list page. */
function listType(type: string | null | undefined): string {
  if (type === 'personal_chat' || type === 'saved_messages' || type === 'replies') return 'private';
  if (type === 'bot_chat') return 'bot';
  if (type && /group$/.test(type)) return 'group';
  if (type && /channel$/.test(type)) return 'channel';
  return 'unknown';
}
