import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoLocal } from '../src/pipeline/generate/tz.js';
import { writeTelegramHtml } from '../src/pipeline/generate/telegram-html.js';
import type { ImportEvent, MessageRecord } from '../src/pipeline/import/model.js';
import { telegramJson } from '../src/pipeline/import/telegram-json/index.js';
import { telegramHtml } from '../src/pipeline/import/telegram-html/index.js';
import { planHtmlLink } from '../src/pipeline/import/telegram-html/link.js';
import { listPages } from '../src/pipeline/import/telegram-html/pages.js';

const TZ = 'Europe/Paris';
// 2024-03-30 09:00 UTC; Paris moves to summer time on 2024-03-31, so later titles still say UTC+01:00.
const T0 = Date.UTC(2024, 2, 30, 9) / 1000;
type Json = Record<string, unknown>;

/** A benign single-chat JSON export (tdesktop ≥ 4.1.2 shape) exercising what both formats share. */
function chatObject(): Json {
  const people: Record<string, string> = {
    user11: 'Alice Martin',
    user12: 'Bob',
    user13: 'Carol Diaz',
    user14: 'Eve',
  };
  const messages: Json[] = [];
  let id = 100;
  let t = T0;
  const base = (dt: number): Json => {
    t += dt;
    return { id: ++id, date: isoLocal(t, TZ), date_unixtime: String(t) };
  };
  const msg = (dt: number, from: string, text: unknown, extra: Json = {}): void => {
    messages.push({
      ...base(dt),
      type: 'message',
      from: people[from],
      from_id: from,
      ...extra,
      text,
      text_entities: [],
    });
  };
  const svc = (dt: number, actor: string, action: string, extra: Json = {}): void => {
    messages.push({
      ...base(dt),
      type: 'service',
      actor: people[actor],
      actor_id: actor,
      action,
      ...extra,
      text: '',
      text_entities: [],
    });
  };
  svc(0, 'user11', 'create_group', { title: 'Garden club', members: ['Bob', 'Carol Diaz'] });
  msg(60, 'user11', [
    'Hello ',
    { type: 'bold', text: 'all' },
    ', see ',
    { type: 'link', text: 'https://example.org' },
    ' & <b>',
  ]);
  msg(30, 'user11', 'A photo of the roses', {
    photo: 'photos/photo_1@30-03-2024_10-01-30.jpg',
    width: 640,
    height: 480,
  });
  msg(100, 'user12', 'Nice! Here is the plan', {
    reply_to_message_id: 102,
    file: 'files/plan.pdf',
    file_name: 'plan.pdf',
    mime_type: 'application/pdf',
    file_size: 1234,
  });
  msg(30, 'user12', 'Forwarded tip', { forwarded_from: 'Seed News' });
  msg(2000, 'user13', '', {
    file: 'voice_messages/audio_1@30-03-2024_10-37-50.ogg',
    media_type: 'voice_message',
    mime_type: 'audio/ogg',
    duration_seconds: 3,
  });
  svc(10, 'user11', 'invite_members', { members: ['Eve'] });
  msg(86_400, 'user14', 'Thanks for the invite', {
    file: 'video_files/clip.mp4',
    thumbnail: 'video_files/clip.mp4_thumb.jpg',
    media_type: 'video_file',
    mime_type: 'video/mp4',
    duration_seconds: 24,
    width: 320,
    height: 240,
  });
  msg(60, 'user14', 'Not downloaded', {
    photo: '(File not included. Change data exporting settings to download.)',
    width: 800,
    height: 600,
  });
  svc(60, 'user11', 'pin_message', { message_id: 102 });
  for (let i = 0; i < 12; i++)
    msg(i % 3 === 0 ? 1000 : 20, i % 2 ? 'user12' : 'user13', `Filler ${i} — 🌱 ${'x'.repeat(i)}`);
  svc(30, 'user14', 'remove_members', { members: ['Eve'] });
  return { name: 'Garden club', type: 'private_supergroup', id: 555001, messages };
}

function writeBoth(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-both-'));
  const doc = chatObject();
  writeFileSync(join(dir, 'result.json'), JSON.stringify(doc, null, 1));
  for (const f of [
    'photos/photo_1@30-03-2024_10-01-30.jpg',
    'files/plan.pdf',
    'voice_messages/audio_1@30-03-2024_10-37-50.ogg',
    'video_files/clip.mp4',
    'video_files/clip.mp4_thumb.jpg',
  ]) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), `benign bytes of ${f}`);
  }
  writeTelegramHtml(doc, dir, TZ);
  return dir;
}

const messages = (evs: Iterable<ImportEvent>): MessageRecord[] =>
  [...evs].flatMap((e) => (e.type === 'message' ? [e.message] : []));
function importJson(dir: string): MessageRecord[] {
  return messages(telegramJson.read(telegramJson.detect(join(dir, 'result.json'))!, {}));
}
function importHtml(dir: string, tz?: string): MessageRecord[] {
  return messages(telegramHtml.read(telegramHtml.detect(join(dir, 'messages.html'))!, tz ? { tz } : {}));
}
const media = (m: MessageRecord): unknown[] =>
  m.media.map((x) => [x.role, x.kind, x.path, x.absence, x.absPath !== null]);

test('the same chat from JSON and from HTML: same messages, times, authors, text and media', () => {
  const dir = writeBoth();
  const json = importJson(dir);
  const html = importHtml(dir, TZ);
  assert.deepEqual(
    html.map((m) => [m.messageId, m.type, m.action]),
    json.map((m) => [m.messageId, m.type, m.action]),
  );
  for (const [i, h] of html.entries()) {
    const j = json[i]!;
    const where = `message ${h.messageId}`;
    assert.equal(h.authorName, j.authorName, where);
    assert.deepEqual(media(h), media(j), where);
    if (h.type !== 'message') continue;
    assert.equal(h.date.utc, j.date.utc, where);
    assert.equal(h.text, j.text, where);
    assert.deepEqual(h.entities, j.entities, where);
    assert.equal(h.replyTo, j.replyTo, where);
    assert.equal(h.forwardedFrom, j.forwardedFrom, where);
    assert.deepEqual(
      h.media.map((x) => x.duration),
      j.media.map((x) => x.duration),
      where,
    );
  }
  const service = (ms: MessageRecord[]): unknown[] =>
    ms
      .filter((m) => m.type === 'service')
      .map((m) => [m.action, m.authorName, m.memberships.map((x) => [x.kind, x.memberName])]);
  assert.deepEqual(service(html), service(json));
  assert.equal(html.find((m) => m.action === 'pin_message')?.details.message_id, 102);
});

test('without --tz the HTML titles give the standard offset: summer messages are exactly one hour late', () => {
  const dir = writeBoth();
  const json = new Map(importJson(dir).map((m) => [m.messageId, m]));
  const diffs = new Set(
    importHtml(dir)
      .filter((m) => m.type === 'message')
      .map((m) => (m.date.utc! - json.get(m.messageId)!.date.utc!) / 1000),
  );
  assert.deepEqual([...diffs].sort(), [0, 3600]);
});

test('linking: HTML-derived accounts map onto the JSON platform accounts through message id + time', () => {
  const dir = writeBoth();
  const json = importJson(dir);
  const html = importHtml(dir);
  const lm = (m: MessageRecord) => ({
    messageId: m.messageId,
    type: m.type,
    utc: m.date.utc,
    authorId: m.authorId,
    authorName: m.authorName,
  });
  const plan = planHtmlLink(html.map(lm), json.map(lm));
  assert.equal(plan.sameChat, true);
  assert.equal(plan.exact + plan.shifted, plan.compared);
  assert.ok(plan.shifted > 0);
  assert.deepEqual(plan.actors.map((a) => [a.to, a.htmlName]).sort(), [
    ['telegram:user11', 'Alice Martin'],
    ['telegram:user12', 'Bob'],
    ['telegram:user13', 'Carol Diaz'],
    ['telegram:user14', 'Eve'],
  ]);
  assert.deepEqual(plan.conflicts, []);
  // Another chat (different ids/times) is not linked.
  const other = json.map((m) => ({ ...lm(m), utc: (m.date.utc ?? 0) + 86_400_000 }));
  assert.equal(planHtmlLink(html.map(lm), other).sameChat, false);
});

test('numbered pages are read in numeric order (messages10.html after messages9.html)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-pages-'));
  const doc = chatObject();
  const { renderTelegramHtml } = await import('../src/pipeline/generate/telegram-html.js');
  const pages = renderTelegramHtml(doc as never, { tz: TZ, perPage: 2 });
  assert.ok(pages.length >= 10);
  for (const p of pages) writeFileSync(join(dir, p.name), p.html);
  assert.deepEqual(
    listPages(dir).pages,
    pages.map((p) => p.name),
  );
  assert.notDeepEqual(
    readdirSync(dir).sort(),
    pages.map((p) => p.name),
  );
  const ids = importHtml(dir, TZ).map((m) => m.messageId);
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => a - b),
  );
  assert.equal(ids.length, (doc.messages as unknown[]).length);
});
