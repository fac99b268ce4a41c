import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCase } from '../src/demo/index.js';
import { writeTelegramHtml } from '../src/demo/telegram-html.js';
import type { ImportEvent, MessageRecord } from '../src/pipeline/import/model.js';
import { telegramJson } from '../src/pipeline/import/telegram-json/index.js';
import { telegramHtml } from '../src/pipeline/import/telegram-html/index.js';

const CHANNEL_TEMPLATES = new Set([
  'create_channel',
  'edit_group_title',
  'edit_group_photo',
  'delete_group_photo',
]);

/** Messages grouped by chat, in event order. */
function byChat(evs: Iterable<ImportEvent>): MessageRecord[][] {
  const out: MessageRecord[][] = [];
  for (const e of evs) {
    if (e.type === 'chat') out.push([]);
    else if (e.type === 'message') out[out.length - 1]!.push(e.message);
  }
  return out;
}
const view = (m: MessageRecord): unknown => ({
  id: m.messageId,
  type: m.type,
  action: m.action,
  author: m.authorName,
  utc: m.type === 'message' ? m.date.utc : null,
  text: m.type === 'message' ? m.text : null,
  replyTo: m.replyTo,
  forwardedFrom: m.forwardedFrom,
  media: m.media.map((x) => [x.role, x.kind, x.path, x.absence, x.absPath !== null]),
});

test('generated demo exports written in both formats import to the same messages, times, names and media', async () => {
  const out = mkdtempSync(join(tmpdir(), 'vigie-gen-html-'));
  try {
    const gen = await generateCase({ out, scale: 'small', seed: 'html-both', workers: 1 });
    let compared = 0;
    for (const ex of gen.exports) {
      const doc = JSON.parse(readFileSync(join(ex.path, 'result.json'), 'utf8')) as Record<string, unknown>;
      const written = writeTelegramHtml(doc, ex.path, ex.tz);
      const entry = written.includes('export_results.html') ? 'export_results.html' : 'messages.html';
      assert.ok(existsSync(join(ex.path, entry)));
      const json = byChat(telegramJson.read(telegramJson.detect(ex.path)!, { tz: ex.tz }));
      const html = byChat(telegramHtml.read(telegramHtml.detect(join(ex.path, entry))!, { tz: ex.tz }));
      const nonEmpty = json.filter((c) => c.length > 0);
      assert.equal(html.length, nonEmpty.length, ex.path);
      for (const [i, chat] of html.entries()) {
        const j = nonEmpty[i]!;
        assert.deepEqual(
          chat.map((m) => m.messageId),
          j.map((m) => m.messageId),
          `${ex.path} chat ${i}`,
        );
        for (const [k, h] of chat.entries()) {
          const want = view(j[k]!) as Record<string, unknown>;
          // Channel templates ("Channel «T» created") name no actor in HTML (§6.5).
          if (h.type === 'service' && h.authorName === null && CHANNEL_TEMPLATES.has(h.action ?? ''))
            want.author = null;
          assert.deepEqual(view(h), want, `${ex.path} chat ${i} message ${h.messageId}`);
        }
        compared += chat.length;
      }
    }
    assert.ok(compared > 300, `compared ${compared} messages`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
