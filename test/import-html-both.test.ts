import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chatObject, TZ, writeBoth } from './html-both-fixture.js';
import type { ImportEvent, MessageRecord } from '../src/pipeline/import/model.js';
import { telegramJson } from '../src/pipeline/import/telegram-json/index.js';
import { telegramHtml } from '../src/pipeline/import/telegram-html/index.js';
import { planHtmlLink } from '../src/pipeline/import/telegram-html/link.js';
import { listPages } from '../src/pipeline/import/telegram-html/pages.js';

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
  const { renderTelegramHtml } = await import('../src/demo/telegram-html.js');
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
