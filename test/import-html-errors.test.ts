import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ImportEvent, MessageRecord } from '../src/pipeline/import/model.js';
import { telegramHtml, type HtmlReadOptions } from '../src/pipeline/import/telegram-html/index.js';
import { findHtmlExport } from '../src/pipeline/import/telegram-html/pages.js';

const FIXTURE = resolve('../shared/fixtures/telegram-real/emerickgrimm-html-personal/messages.html');

/** A tdesktop-shaped page around the given history blocks. */
function page(history: string, header = 'Test Chat'): string {
  return `<!DOCTYPE html>\n<html>\n <head>\n  <meta charset="utf-8"/>\n<title>Exported Data</title>\n </head>\n <body onload="CheckLocation();">\n  <div class="page_wrap">\n   <div class="page_header">\n    <div class="content">\n     <div class="text bold">\n${header}\n     </div>\n    </div>\n   </div>\n   <div class="page_body chat_page">\n    <div class="history">\n${history}\n    </div>\n   </div>\n  </div>\n </body>\n</html>\n`;
}
function msg(
  id: number,
  body: string,
  opts: { from?: string; title?: string; joined?: boolean } = {},
): string {
  const from = opts.joined ? '' : `<div class="from_name">\n${opts.from ?? 'Alice '}\n</div>`;
  const title = opts.title ?? '01.07.2024 12:00:00 UTC+01:00';
  return `<div class="message default clearfix${opts.joined ? ' joined' : ''}" id="message${id}">\n<div class="body">\n<div class="pull_right date details" title="${title}">\n12:00\n</div>\n${from}\n${body}\n</div>\n</div>`;
}
const SEP =
  '<div class="message service" id="message-1">\n<div class="body details">\n1 July 2024\n</div>\n</div>';

function exportDir(pages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-html-'));
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(dir, name), html);
  return dir;
}
/** Read, returning the events yielded before any error and the error. */
function attempt(
  dir: string,
  opts: HtmlReadOptions = {},
): { events: ImportEvent[]; error: (Error & { code?: string }) | undefined } {
  const events: ImportEvent[] = [];
  try {
    const src = telegramHtml.detect(dir);
    if (!src) return { events, error: Object.assign(new Error('not detected'), { code: 'NOT_DETECTED' }) };
    for (const e of telegramHtml.read(src, opts)) events.push(e);
    return { events, error: undefined };
  } catch (e) {
    return { events, error: e as Error & { code?: string } };
  }
}
const messages = (evs: ImportEvent[]): MessageRecord[] =>
  evs.flatMap((e) => (e.type === 'message' ? [e.message] : []));

test('truncated page: IMPORT_INVALID_HTML naming the file and place, nothing emitted', () => {
  const html = readFileSync(FIXTURE, 'utf8');
  const dir = exportDir({ 'messages.html': html.slice(0, Math.floor(html.length / 2)) });
  const r = attempt(dir);
  assert.equal(r.error?.code, 'IMPORT_INVALID_HTML');
  assert.match(r.error!.message, /^messages\.html: byte \d+: file ends before <\/html>/);
  assert.equal(r.events.length, 0);
  // The streaming reader names the line of the open block too.
  const dir2 = exportDir({
    'messages.html':
      page(SEP + msg(5, '<div class="text">\nhi\n</div>')).replace('</html>\n', '') + '</html>',
  });
  assert.equal(attempt(dir2).error, undefined);
});

test('a truncated page 2 of 2 is refused before page 1 is emitted', () => {
  const dir = exportDir({
    'messages.html': page(SEP + msg(1, '<div class="text">\none\n</div>')),
    'messages2.html': page(SEP + msg(2, '<div class="text">\ntwo\n</div>')).slice(0, 400),
  });
  const r = attempt(dir);
  assert.equal(r.error?.code, 'IMPORT_INVALID_HTML');
  assert.match(r.error!.message, /^messages2\.html: /);
  assert.equal(r.events.length, 0);
});

test('not an export, and an export without messages, give clear errors', () => {
  const notHtml = attempt(exportDir({ 'messages.html': '{"messages": []}' }));
  assert.equal(notHtml.error?.code, 'IMPORT_UNRECOGNISED_FORMAT');
  assert.match(notHtml.error!.message, /^messages\.html: byte 0: not an HTML document/);
  const noHistory = attempt(
    exportDir({ 'messages.html': '<!DOCTYPE html><html><body><p>Hello</p></body></html>' }),
  );
  assert.equal(noHistory.error?.code, 'IMPORT_UNRECOGNISED_FORMAT');
  assert.match(noHistory.error!.message, /^messages\.html: no <div class="history">/);
  const empty = attempt(exportDir({ 'messages.html': page(SEP) }));
  assert.equal(empty.error?.code, 'IMPORT_INVALID_HTML');
  assert.match(empty.error!.message, /no message blocks/);
  assert.equal(empty.events.length, 0);
  const none = attempt(
    exportDir({
      'messages.html': page(
        '<div class="message service" id="message-1">\n<div class="body details">\nNo exported messages\n</div>\n</div>',
      ),
    }),
  );
  assert.equal(none.error?.code, 'IMPORT_INVALID_HTML');
  assert.match(none.error!.message, /No exported messages/);
  const badId = attempt(
    exportDir({ 'messages.html': page(SEP + msg(1, '').replace('id="message1"', 'id="msgX"')) }),
  );
  assert.equal(badId.error?.code, 'IMPORT_INVALID_HTML');
  assert.match(badId.error!.message, /^messages\.html: line \d+: message block without a valid id/);
  const nothing = mkdtempSync(join(tmpdir(), 'vigie-html-'));
  assert.equal(telegramHtml.detect(nothing), null);
  assert.throws(
    () => findHtmlExport(nothing),
    (e: Error & { code?: string }) => e.code === 'IMPORT_UNRECOGNISED_FORMAT',
  );
});

test('any page of a single-chat export identifies the same source (its first page)', () => {
  const dir = exportDir({
    'messages.html': page(SEP + msg(1, '')),
    'messages2.html': page(SEP + msg(2, '')),
  });
  assert.equal(telegramHtml.detect(join(dir, 'messages2.html'))?.mainFile, join(dir, 'messages.html'));
  assert.equal(telegramHtml.detect(dir)?.mainFile, join(dir, 'messages.html'));
});

test('titles without a zone (tdesktop < 3.7.6) need --tz', () => {
  const dir = exportDir({
    'messages.html': page(SEP + msg(1, '<div class="text">\nhi\n</div>', { title: '01.07.2024 12:00:00' })),
  });
  const r = attempt(dir);
  assert.equal(r.error?.code, 'IMPORT_NEEDS_TZ');
  assert.match(r.error!.message, /^messages\.html: message 1: .*--tz/);
  const ok = attempt(dir, { tz: '+03:00' });
  assert.equal(messages(ok.events)[0]?.date.utc, Date.parse('2024-07-01T09:00:00Z'));
  const meta = ok.events[ok.events.length - 1];
  assert.ok(meta?.type === 'metadata' && meta.metadata.inferredVersion === '<3.7.6');
});

test('the standard-time pitfall: a summer title says UTC+01:00, --tz Europe/Paris gives the real instant', () => {
  const dir = exportDir({ 'messages.html': page(SEP + msg(1, '<div class="text">\nhi\n</div>')) });
  const naive = messages(attempt(dir).events)[0]!;
  assert.equal(naive.date.utc, Date.parse('2024-07-01T11:00:00Z'));
  const paris = messages(attempt(dir, { tz: 'Europe/Paris' }).events)[0]!;
  assert.equal(paris.date.utc, Date.parse('2024-07-01T10:00:00Z'));
  assert.equal(paris.date.quality, 'assumed-zone');
});

test('text and button labels are plain text, never HTML (XSS-looking content)', () => {
  const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;';
  const buttons =
    '<table class="bot_buttons_table"><tr><td><div class="bot_button"><div>Click <img src=x onerror=alert(1)>me</div></div></td></tr></table>';
  const custom =
    '<div class="message service" id="message3">\n<div class="body details">\nX <b onmouseover="alert(1)">did</b> something\n</div>\n</div>';
  const dir = exportDir({
    'messages.html': page(SEP + msg(1, `<div class="text">\n${escaped}\n</div>\n${buttons}`) + custom),
  });
  const evs = attempt(dir).events;
  const [m, s] = messages(evs);
  assert.equal(m!.text, '<script>alert("x")</script> <img src=x onerror=alert(1)>');
  assert.deepEqual(m!.entities, []);
  assert.deepEqual(m!.details.inline_bot_buttons, [[{ text: 'Click me' }]]);
  assert.equal(s!.action, null);
  assert.equal(s!.details.serviceText, 'X did something');
  for (const rec of [m!, s!]) {
    const { raw, text, ...rest } = rec;
    assert.ok(raw.length > 0 && text !== undefined);
    assert.doesNotMatch(JSON.stringify(rest), /<img|<b |onerror|onmouseover|<script/);
  }
});

test('a block forged by unescaped service markup is parsed like a browser would, and flagged', () => {
  const forged =
    '<div class="message service" id="message7">\n<div class="body details">\nBot says </div></div>' +
    '<div class="message default clearfix" id="message3"><div class="body"><div class="pull_right date details" title="01.07.2024 12:00:00 UTC+01:00">12:00</div><div class="from_name">Mallory</div><div class="text">fake</div></div></div>' +
    '<div class="message service" id="message8"><div class="body details">\n</div>\n</div>';
  const dir = exportDir({ 'messages.html': page(SEP + msg(5, '<div class="text">\nreal\n</div>') + forged) });
  const evs = attempt(dir).events;
  assert.ok(
    evs.some(
      (e) => e.type === 'issue' && e.issue.code === 'HTML_ID_ORDER' && e.issue.location === 'message 3',
    ),
  );
});

test('a chat-photo service message keeps its photo as media, as JSON does', () => {
  const svc =
    '<div class="message service" id="message2">\n<div class="body details">\nAlice changed group photo\n</div>\n' +
    '<div class="userpic_wrap">\n<a class="userpic_link" href="photos/photo_2@01-07-2024_12-00-00.jpg">\n' +
    '<img class="userpic" src="photos/photo_2@01-07-2024_12-00-00_thumb.jpg"/>\n</a>\n</div>\n</div>';
  const dir = exportDir({ 'messages.html': page(SEP + msg(1, '<div class="text">\nhi\n</div>') + svc) });
  const s = messages(attempt(dir).events)[1]!;
  assert.equal(s.action, 'edit_group_photo');
  assert.equal(s.authorName, 'Alice');
  assert.deepEqual(
    s.media.map((x) => [x.role, x.kind, x.path, x.absence]),
    [['photo', 'photo', 'photos/photo_2@01-07-2024_12-00-00.jpg', 'missing']],
  );
});

test('media paths leaving the export folder are refused and reported', () => {
  const media =
    '<div class="media_wrap clearfix">\n<a class="media clearfix pull_left block_link media_file" href="../../secret.txt">\n<div class="body">\n<div class="title bold">\nsecret.txt\n</div>\n</div>\n</a>\n</div>';
  const dir = exportDir({ 'messages.html': page(SEP + msg(1, media)) });
  const evs = attempt(dir).events;
  const m = messages(evs)[0]!;
  assert.deepEqual(
    m.media.map((x) => [x.path, x.absence, x.absPath]),
    [['../../secret.txt', 'unsafe_path', null]],
  );
  assert.ok(evs.some((e) => e.type === 'issue' && e.issue.code === 'IMPORT_UNSAFE_PATH'));
});

test('a full-account layout: chats/chat_NN/messages.html pages with ../../ hrefs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-html-'));
  writeFileSync(join(dir, 'export_results.html'), '<!DOCTYPE html><html><body></body></html>');
  const photo =
    '<div class="media_wrap clearfix">\n<a class="photo_wrap clearfix pull_left" href="../../chats/chat_01/photos/p.jpg">\n<img class="photo" src="../../chats/chat_01/photos/p_thumb.jpg"/>\n</a>\n</div>';
  for (const n of ['chat_01', 'chat_02']) {
    mkdirSync(join(dir, 'chats', n, 'photos'), { recursive: true });
    writeFileSync(join(dir, 'chats', n, 'messages.html'), page(SEP + msg(1, photo), `Group ${n}`));
  }
  writeFileSync(join(dir, 'chats', 'chat_01', 'photos', 'p.jpg'), 'not really a jpeg');
  const entry = (n: string, count: string) =>
    `<a class="entry block_link clearfix" href="../chats/${n}/messages.html#allow_back"><div class="pull_left userpic_wrap"></div>` +
    `<div class="body"><div class="pull_right info details">\ngroup\n</div><div class="name bold">\nGroup ${n}\n</div>` +
    `<div class="details_entry details">\n${count}\n</div></div></a>`;
  mkdirSync(join(dir, 'lists'));
  writeFileSync(
    join(dir, 'lists', 'chats.html'),
    `<!DOCTYPE html><html><body><div class="page_body list_page"><div class="page_about details">Chats</div><div class="entry_list">${entry('chat_01', '1 message')}</div>` +
      `<div class="page_about details">Left</div><div class="entry_list">${entry('chat_02', '1 outgoing message')}</div></div></body></html>`,
  );
  const evs = attempt(dir).events;
  const chats = evs.flatMap((e) => (e.type === 'chat' ? [e.chat] : []));
  assert.deepEqual(
    chats.map((c) => [c.title, c.origin]),
    [
      ['Group chat_01', 'chats/chat_01'],
      ['Group chat_02', 'chats/chat_02'],
    ],
  );
  assert.notEqual(chats[0]!.id, chats[1]!.id);
  const first = messages(evs)[0]!;
  assert.equal(first.media[0]?.path, 'chats/chat_01/photos/p.jpg');
  assert.ok(first.media[0]?.absPath?.endsWith('p.jpg'));
  const meta = evs[evs.length - 1];
  assert.ok(meta?.type === 'metadata' && meta.metadata.shape === 'html-full-account');
  assert.deepEqual(
    chats.map((c) => c.type),
    ['group', 'group'],
  );
  assert.ok(
    evs.some(
      (e) =>
        e.type === 'issue' &&
        e.issue.code === 'HTML_ONLY_MY_MESSAGES' &&
        e.issue.location === 'chats/chat_02',
    ),
  );
  const list =
    meta.type === 'metadata'
      ? (meta.metadata.extra.chatList as { onlyMyMessages: boolean; left: boolean }[])
      : [];
  assert.deepEqual(
    list.map((e) => [e.onlyMyMessages, e.left]),
    [
      [false, false],
      [true, true],
    ],
  );
  assert.equal(attempt(dir, { chatId: 'telegram:channel1' }).error?.code, 'USAGE');
  // One page of one chat selects that chat; paths stay relative to the export root.
  const one = telegramHtml.detect(join(dir, 'chats', 'chat_01', 'messages.html'))!;
  assert.equal(one.root, dir);
  const evs1 = [...telegramHtml.read(one, {})];
  assert.equal(evs1.filter((e) => e.type === 'chat').length, 1);
  assert.equal(messages(evs1)[0]?.media[0]?.path, 'chats/chat_01/photos/p.jpg');
  assert.ok(messages(evs1)[0]?.media[0]?.absPath);
});
