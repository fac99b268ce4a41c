import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportEvent, MessageRecord } from '../src/pipeline/import/model.js';
import { detectSource } from '../src/pipeline/import/registry.js';
import { telegramHtml, type HtmlReadOptions } from '../src/pipeline/import/telegram-html/index.js';
import { findHtmlExport } from '../src/pipeline/import/telegram-html/pages.js';
import { parseHtmlChat } from '../src/pipeline/import/telegram-html/read-chat.js';

const FIXTURE = resolve('../shared/fixtures/telegram-real/emerickgrimm-html-personal');
const EXPECT = (
  JSON.parse(readFileSync(resolve('../shared/fixtures/telegram-real/expectations.json'), 'utf8')) as Record<
    string,
    Record<string, number>
  >
)['emerickgrimm-html-personal']!;

function read(path: string, opts: HtmlReadOptions = {}): ImportEvent[] {
  const src = telegramHtml.detect(path);
  assert.ok(src, `detect ${path}`);
  return [...telegramHtml.read(src, opts)];
}
const messages = (evs: ImportEvent[]): MessageRecord[] =>
  evs.flatMap((e) => (e.type === 'message' ? [e.message] : []));
const byId = (evs: ImportEvent[], id: number): MessageRecord => {
  const m = messages(evs).find((x) => x.messageId === id);
  assert.ok(m, `message ${id}`);
  return m;
};

test('fixture: block counts match expectations.json (messages, separators, joined)', () => {
  const layout = findHtmlExport(FIXTURE);
  const { chat, issues } = parseHtmlChat(layout.root, layout.chats[0]!);
  assert.equal(chat.items.length, EXPECT.realMessages);
  assert.equal(chat.daySeparators, EXPECT.dateSeparators);
  assert.equal(chat.items.filter((i) => i.kind === 'message' && i.joined).length, EXPECT.joinedMessages);
  assert.equal(chat.name, 'Who');
  assert.deepEqual(issues, []);
});

test('fixture: the registry detects the HTML export and the importer emits chat, messages, metadata', () => {
  const d = detectSource(FIXTURE);
  assert.equal(d?.importer.name, 'telegram-html');
  const evs = read(FIXTURE);
  assert.equal(evs[0]?.type, 'chat');
  assert.equal(evs[evs.length - 1]?.type, 'metadata');
  const chat = evs[0]!.type === 'chat' ? evs[0]!.chat : undefined;
  assert.match(chat!.id, /^telegram:html-chat-[0-9a-f]{16}$/);
  assert.equal(chat!.title, 'Who');
  assert.equal(messages(evs).length, 21);
  assert.ok(messages(evs).every((m) => m.chatId === chat!.id));
  const meta = evs[evs.length - 1]!;
  assert.ok(meta.type === 'metadata' && meta.metadata.inferredVersion === '>=3.7.6');
});

test('fixture: joined messages carry the previous sender; trailing-space names are trimmed', () => {
  const evs = read(FIXTURE);
  const grimm = byId(evs, 1301548);
  assert.equal(grimm.authorName, 'Emerick Grimm');
  for (const id of [1301551, 1301552]) assert.equal(byId(evs, id).authorId, grimm.authorId);
  const who = byId(evs, 1301549);
  assert.equal(who.authorName, 'Who');
  assert.equal((who.details as { fromRaw?: string }).fromRaw, 'Who ');
  for (const id of [1301554, 1301555, 1301556, 1301557, 1301574]) {
    assert.equal(byId(evs, id).authorId, who.authorId, `message ${id}`);
    assert.equal(byId(evs, id).authorName, 'Who');
  }
  assert.notEqual(grimm.authorId, who.authorId);
  assert.match(who.authorId!, /^telegram:html-user-[0-9a-f]{16}$/);
});

test('fixture: times use the UTC+02:00 of the titles and are flagged as the standard offset', () => {
  const evs = read(FIXTURE);
  const m = byId(evs, 1301548);
  assert.equal(m.date.utc, Date.parse('2025-12-03T17:07:11Z'));
  assert.equal(m.date.local, '2025-12-03T19:07:11');
  assert.equal(m.date.zone, '+02:00');
  assert.equal(m.date.quality, 'assumed-zone');
  assert.ok(evs.some((e) => e.type === 'issue' && e.issue.code === 'HTML_STANDARD_OFFSET'));
  // The forward date exists only in HTML.
  const f = byId(evs, 1311561);
  assert.equal(f.forwardedFrom, '[ ARCHIVE ] AroPixel Home');
  assert.deepEqual(
    (f.details as { forwardedDate: { utc: number } }).forwardedDate.utc,
    Date.parse('2026-01-13T22:22:03Z'),
  );
});

test('fixture: --tz with an IANA zone converts with its rules and cross-checks the title', () => {
  const kyiv = byId(read(FIXTURE, { tz: 'Europe/Kyiv' }), 1301548);
  assert.equal(kyiv.date.utc, Date.parse('2025-12-03T17:07:11Z'));
  assert.match(kyiv.date.zone!, /^Europe\/Ki(y|e)v$/);
  const evs = read(FIXTURE, { tz: 'Europe/Paris' });
  assert.equal(byId(evs, 1301548).date.utc, Date.parse('2025-12-03T18:07:11Z'));
  assert.ok(evs.some((e) => e.type === 'issue' && e.issue.code === 'HTML_TZ_MISMATCH'));
});

test('fixture: media kinds and paths relative to the export root', () => {
  const evs = read(FIXTURE);
  const media = (id: number): [string, string, string][] =>
    byId(evs, id).media.map((x) => [x.role, x.kind, x.path]);
  assert.deepEqual(media(1301548), [['file', 'sticker', 'stickers/AnimatedSticker.tgs']]);
  assert.deepEqual(media(1301550), [
    ['file', 'animation', 'video_files/hi-helo.mp4'],
    ['thumbnail', 'thumbnail', 'video_files/hi-helo.mp4_thumb.jpg'],
  ]);
  assert.deepEqual(media(1301551), [['photo', 'photo', 'photos/photo_1@03-12-2025_19-08-10.jpg']]);
  assert.equal(byId(evs, 1301553).media[0]?.duration, 24);
  assert.deepEqual(media(1301556), [['file', 'file', 'files/Stay Safe.pdf']]);
  assert.equal(byId(evs, 1301556).media[0]?.fileName, 'Stay Safe.pdf');
  assert.deepEqual(media(1301558), [['file', 'sticker', 'stickers/sticker.webp']]);
  assert.deepEqual(media(1301573), [
    ['file', 'voice_message', 'voice_messages/audio_1@03-12-2025_19-46-33.ogg'],
  ]);
  assert.equal(media(1301574)[0]?.[1], 'video_message');
  // The fixture ships without media files: every reference is reported missing, none is silently dropped.
  assert.ok(byId(evs, 1301551).media.every((x) => x.absence === 'missing' && x.absPath === null));
  assert.ok(evs.some((e) => e.type === 'issue' && e.issue.code === 'MEDIA_MISSING'));
  const loc = byId(evs, 1301554).details as { location_information: { latitude: number; longitude: number } };
  assert.deepEqual(loc.location_information, { latitude: 60.074519, longitude: 6.731017 });
  const contact = byId(evs, 1301555).details as { contact_information: { phone_number: string } };
  assert.equal(contact.contact_information.phone_number, '+000 00 000 00 00');
});

test('fixture: calls become phone_call service messages, as in JSON', () => {
  const evs = read(FIXTURE);
  for (const id of [1301557, 1301559]) {
    const m = byId(evs, id);
    assert.equal(m.type, 'service');
    assert.equal(m.action, 'phone_call');
    assert.equal((m.details as { htmlCallStatus: string }).htmlCallStatus, 'Declined');
  }
});

test('fixture: formatting becomes plain text + UTF-16 entities; replies both ways', () => {
  const evs = read(FIXTURE);
  const f = byId(evs, 1301656);
  assert.equal(f.text, 'Bold Italic Underlined Hidden \n\nQuote\nQuote line2');
  assert.deepEqual(
    f.entities.map((e) => [e.type, f.text!.slice(e.offset, e.offset + e.length)]),
    [
      ['bold', 'Bold'],
      ['italic', 'Italic'],
      ['underline', 'Underlined'],
      ['spoiler', 'Hidden'],
      ['blockquote', 'Quote\nQuote line2'],
    ],
  );
  const pre = byId(evs, 1301657);
  assert.ok(pre.text!.endsWith("from 'react';"), 'entities decoded (&apos;)');
  assert.deepEqual(
    pre.entities.map((e) => e.type),
    ['pre'],
  );
  assert.equal(byId(evs, 1301659).replyTo, 1301549);
  const other = byId(evs, 1301658);
  assert.equal(other.replyTo, null);
  assert.equal((other.details as { replyToOtherChat: boolean }).replyToOtherChat, true);
  const link = byId(evs, 1311440);
  assert.deepEqual(link.entities, [{ type: 'link', offset: 0, length: 38 }]);
  assert.equal(
    byId(evs, 1311561).text!.split('\n')[0],
    'Схоже, що треба буде поробити один важливий пост щодо одного стримера.',
  );
});

test('fixture: raw outer HTML of each block is kept verbatim as evidence', () => {
  const evs = read(FIXTURE);
  const html = readFileSync(resolve(FIXTURE, 'messages.html'), 'utf8');
  assert.deepEqual(byId(evs, 1301548).details.html, { page: 'messages.html', line: 46, joined: false });
  assert.equal((byId(evs, 1311731).details.html as { line: number }).line, 780);
  for (const m of messages(evs)) {
    assert.ok(m.raw.startsWith(`<div class="message default clearfix`), `message ${m.messageId}`);
    assert.ok(html.includes(m.raw), `raw of ${m.messageId} is a verbatim slice`);
  }
});

test('fixture: ids are deterministic, and --chat-id ties the chat to a known id', () => {
  const a = read(FIXTURE);
  const b = read(FIXTURE);
  assert.deepEqual(
    messages(a).map((m) => [m.chatId, m.authorId, m.versionHash]),
    messages(b).map((m) => [m.chatId, m.authorId, m.versionHash]),
  );
  const tied = read(FIXTURE, { chatId: 'telegram:user700000000' });
  assert.ok(tied[0]?.type === 'chat' && tied[0].chat.id === 'telegram:user700000000');
  assert.ok(messages(tied).every((m) => m.chatId === 'telegram:user700000000'));
  assert.throws(
    () => read(FIXTURE, { chatId: 'channel123' }),
    (e: Error & { code?: string }) => e.code === 'USAGE',
  );
});
