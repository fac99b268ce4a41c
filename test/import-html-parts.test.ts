import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDaySeparator, parseTitleDate } from '../src/pipeline/import/telegram-html/date.js';
import {
  derivedChatId,
  derivedUserId,
  isDerivedId,
  normaliseName,
} from '../src/pipeline/import/telegram-html/ids.js';
import type { HtmlMessage, HtmlService } from '../src/pipeline/import/telegram-html/ir.js';
import { pageNumber, findHtmlExport } from '../src/pipeline/import/telegram-html/pages.js';
import { parseHtmlChat } from '../src/pipeline/import/telegram-html/read-chat.js';
import { decodeService, splitNames } from '../src/pipeline/import/telegram-html/service.js';

test('date titles: with zone, negative zone, bare UTC, none, and invalid', () => {
  assert.deepEqual(parseTitleDate('03.12.2025 19:07:11 UTC+02:00'), {
    local: '2025-12-03T19:07:11',
    offsetMinutes: 120,
    raw: '03.12.2025 19:07:11 UTC+02:00',
  });
  assert.equal(parseTitleDate('01.01.2024 00:00:00 UTC-05:30')?.offsetMinutes, -330);
  assert.equal(parseTitleDate('01.01.2024 00:00:00 UTC')?.offsetMinutes, 0);
  assert.equal(parseTitleDate('01.01.2024 00:00:00')?.offsetMinutes, undefined);
  assert.equal(parseTitleDate('31.02.2024 00:00:00'), undefined);
  assert.equal(parseTitleDate('yesterday'), undefined);
  assert.equal(parseDaySeparator('3 December 2025'), '2025-12-03');
  assert.equal(parseDaySeparator('Alice joined Telegram'), undefined);
});

test('pages sort numerically', () => {
  const names = ['messages10.html', 'messages2.html', 'messages.html', 'messages9.html', 'style.css'];
  const sorted = names
    .filter((n) => pageNumber(n) !== undefined)
    .sort((a, b) => pageNumber(a)! - pageNumber(b)!);
  assert.deepEqual(sorted, ['messages.html', 'messages2.html', 'messages9.html', 'messages10.html']);
});

test('service templates decode to action, actor and members', () => {
  assert.deepEqual(decodeService('Alice created group «Garden» with members Bob, Carol Diaz and Eve'), {
    action: 'create_group',
    actor: 'Alice',
    title: 'Garden',
    members: ['Bob', 'Carol Diaz', 'Eve'],
  });
  assert.deepEqual(decodeService('Alice invited Bob to the voice chat'), {
    action: 'invite_to_group_call',
    actor: 'Alice',
    members: ['Bob'],
  });
  assert.deepEqual(decodeService('Bob joined group by link from Alice'), {
    action: 'join_group_by_link',
    actor: 'Bob',
    inviter: 'Alice',
  });
  assert.deepEqual(decodeService('Alice removed group photo'), {
    action: 'delete_group_photo',
    actor: 'Alice',
  });
  assert.deepEqual(decodeService('Alice removed Bob'), {
    action: 'remove_members',
    actor: 'Alice',
    members: ['Bob'],
  });
  assert.deepEqual(decodeService('Channel «News» created'), { action: 'create_channel', title: 'News' });
  assert.deepEqual(decodeService('Alice started voice chat (42 seconds)'), {
    action: 'group_call',
    actor: 'Alice',
    durationSeconds: 42,
  });
  assert.equal(
    decodeService('Alice converted a basic group to this supergroup «G»').action,
    'migrate_from_group',
  );
  assert.equal(decodeService('Alice pinned this message').action, 'pin_message');
  assert.equal(decodeService('History cleared').action, 'clear_history');
  assert.equal(decodeService('Alice has set messages to auto-delete in 7 days').action, 'set_messages_ttl');
  assert.equal(decodeService('Something a bot wrote').action, 'unknown');
});

test('name lists with ", " or " and " inside names use the names already seen', () => {
  const known = new Set(['Tom and Jerry', 'Smith, John', 'Eve']);
  assert.deepEqual(splitNames('Tom and Jerry, Smith, John and Eve', known), [
    'Tom and Jerry',
    'Smith, John',
    'Eve',
  ]);
  assert.deepEqual(splitNames('A, B and C', new Set()), ['A', 'B', 'C']);
  assert.deepEqual(decodeService('Eve invited Tom and Jerry', known).members, ['Tom and Jerry']);
});

test('derived ids: stable, name-normalised, prefixed', () => {
  const c = derivedChatId('Who ', [1, 2, 3]);
  assert.equal(c, derivedChatId('Who', [1, 2, 3, 4]));
  assert.notEqual(c, derivedChatId('Who', [1, 2, 4]));
  assert.ok(isDerivedId(c) && isDerivedId(derivedUserId(c, 'Ann')));
  assert.equal(derivedUserId(c, ' Ann  Lee '), derivedUserId(c, 'Ann Lee'));
  assert.notEqual(derivedUserId(c, 'Ann'), derivedUserId('telegram:channel1', 'Ann'));
  assert.equal(normaliseName('Ann\u00a0 Lee '), 'Ann Lee');
});

function chatOf(history: string): { items: readonly (HtmlMessage | HtmlService)[] } {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-html-parts-'));
  const html = `<!DOCTYPE html>\n<html>\n<body>\n<div class="page_wrap">\n<div class="page_body chat_page">\n<div class="history">\n<div class="message service" id="message-1">\n<div class="body details">\n1 July 2024\n</div>\n</div>\n${history}\n</div>\n</div>\n</div>\n</body>\n</html>\n`;
  writeFileSync(join(dir, 'messages.html'), html);
  const layout = findHtmlExport(dir);
  return parseHtmlChat(layout.root, layout.chats[0]!).chat;
}
const head = (id: number, cls = '', from = '<div class="from_name">\nAnn Lee via @helperbot\n</div>') =>
  `<div class="message default clearfix${cls}" id="message${id}">\n<div class="body">\n<div class="pull_right date details" title="01.07.2024 10:00:0${id % 10} UTC+00:00">\n10:00\n</div>\n${from}\n`;

test('entities of every link kind, via bot, signature, reactions, joined forward', () => {
  const text =
    '<div class="text">\n<a href="" onclick="return ShowHashtag(&quot;tag&quot;)">#tag</a> <a href="https://t.me/ann">@ann</a> ' +
    '<a href="mailto:a@b.c">a@b.c</a> <a href="tel:+100">+100</a> <a href="" onclick="return ShowMentionName()">Ann</a> ' +
    '<a href="https://x.org/p">here</a> <a href="" onclick="return ShowBotCommand(&quot;start&quot;)">/start</a> ' +
    '<a href = "stickers/e.webp">😀</a> <code>c</code> <s>s</s>\n</div>';
  const items = chatOf(
    head(1) +
      text +
      '\n<div class="signature details">\nEditor\n</div>\n<span class="reactions"><span class="reaction active"><span class="emoji">👍</span><span class="count">3</span></span></span>\n</div>\n</div>' +
      head(2) +
      '<div class="forwarded body">\n<div class="from_name">\nNews <span class="date details" title="30.06.2024 08:00:00 UTC+00:00"> 30.06.2024 08:00:00</span>\n</div>\n<div class="text">\none\n</div>\n</div>\n</div>\n</div>' +
      head(3, ' joined', '') +
      '<div class="forwarded body">\n<div class="text">\ntwo\n</div>\n</div>\n</div>\n</div>',
  ).items as HtmlMessage[];
  const [a, b, c] = items;
  const t = a!.text;
  assert.deepEqual(
    t.entities.map((e) => [e.type, t.text.slice(e.offset, e.offset + e.length), e.href]),
    [
      ['hashtag', '#tag', undefined],
      ['mention', '@ann', undefined],
      ['email', 'a@b.c', undefined],
      ['phone', '+100', undefined],
      ['mention_name', 'Ann', undefined],
      ['text_link', 'here', 'https://x.org/p'],
      ['bot_command', '/start', undefined],
      ['custom_emoji', '😀', 'stickers/e.webp'],
      ['code', 'c', undefined],
      ['strikethrough', 's', undefined],
    ],
  );
  assert.equal(a!.from, 'Ann Lee');
  assert.equal(a!.viaBot, '@helperbot');
  assert.equal(a!.signature, 'Editor');
  assert.deepEqual(a!.reactions, [{ emoji: '👍', count: 3, mine: true }]);
  assert.equal(b!.forwardedFrom, 'News');
  assert.equal(b!.forwardedDate?.local, '2024-06-30T08:00:00');
  assert.equal(c!.joined, true);
  assert.equal(c!.from, 'Ann Lee');
  assert.equal(c!.forwardedFrom, 'News', 'a joined forward keeps the previous forward name');
  assert.equal(c!.text.text, 'two');
});
