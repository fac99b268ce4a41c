import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { telegramJson } from '../src/pipeline/import/telegram-json/index.js';
import { isRawRef, parseRawRef, readMessageRaw, readRawBytes } from '../src/store/import-raw.js';
import { msg, writeExport } from './import-factory.js';
import { caseFile } from './helpers/case-file.js';

const t = 1_700_000_000;

test('raw of a message read as written is a reference into the evidence copy; it reads back verbatim (ADR 0008)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-rawref-'));
  await initCase({ dir: join(root, 'case') });
  const ctx = await openCase(join(root, 'case'));
  const dir = writeExport(join(root, 'a'), {
    name: 'Jardin 🌱',
    type: 'private_supergroup',
    id: 4321,
    messages: [
      msg(1, t, 'Zoé', 'user7', 'thé à l’ombre 🌿 — ok'),
      msg(2, t + 5, 'Ann', 'user8', 'CTRLHERE'),
      msg(3, t + 9, 'Zoé', 'user7', [{ type: 'bold', text: 'gras' }, ' fin'], { unknown_key: { x: 1 } }),
    ],
  });
  // Message 2 carries a \x escape: it takes the tolerant parser and keeps its text inline.
  const file = join(dir, 'result.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('CTRLHERE', 'a\\x01b'));
  const read = new Map<number, string>();
  for (const ev of telegramJson.read(telegramJson.detect(dir)!, {}))
    if (ev.type === 'message') read.set(ev.message.messageId, ev.message.raw);
  await importSources(ctx, { paths: [dir] });
  const rows = caseFile(ctx).prepare('SELECT message_id, raw FROM message ORDER BY message_id').all() as {
    message_id: number;
    raw: string;
  }[];
  assert.deepEqual(
    rows.map((r) => [r.message_id, isRawRef(r.raw)]),
    [
      [1, true],
      [2, false],
      [3, true],
    ],
  );
  const bytes = readFileSync(file);
  for (const r of rows) {
    assert.equal(await readMessageRaw(ctx, r.raw), read.get(r.message_id), `message ${r.message_id}`);
    const ref = parseRawRef(r.raw);
    if (!ref) continue;
    const want = bytes.subarray(ref.offset, ref.offset + ref.length);
    assert.ok((await readRawBytes(ctx, r.raw)).equals(want));
    // ADR 0009 writes `source:<id>:…`; the `evidence:<sha256>:…` form of ADR 0008 still reads the same bytes.
    assert.match(r.raw, /^source:src-[0-9a-f]{16}:\d+:\d+$/);
    const sha = caseFile(ctx).prepare('SELECT sha256 FROM source WHERE id = ?').pluck().get(ref.sourceId);
    assert.ok((await readRawBytes(ctx, `evidence:${String(sha)}:${ref.offset}:${ref.length}`)).equals(want));
  }
  assert.ok((await readMessageRaw(ctx, rows[2]!.raw)).includes('"unknown_key"'));
  await ctx.close();
});

test('an edit seen by a second export: both versions in message_version resolve to their own file', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-rawref-'));
  await initCase({ dir: join(root, 'case') });
  const ctx = await openCase(join(root, 'case'));
  const head = { name: 'G', type: 'private_supergroup', id: 99 };
  const a = writeExport(join(root, 'a'), { ...head, messages: [msg(1, t, 'A', 'user1', 'first')] });
  const b = writeExport(join(root, 'b'), {
    ...head,
    messages: [msg(1, t, 'A', 'user1', 'second', { edited: 'x', edited_unixtime: String(t + 60) })],
  });
  await importSources(ctx, { paths: [a, b] });
  const versions = caseFile(ctx).prepare('SELECT text, raw FROM message_version ORDER BY text').all() as {
    text: string;
    raw: string;
  }[];
  assert.equal(versions.length, 2);
  for (const v of versions) {
    assert.ok(isRawRef(v.raw));
    const obj = JSON.parse(await readMessageRaw(ctx, v.raw)) as { text: string };
    assert.equal(obj.text, v.text);
  }
  const cur = caseFile(ctx).prepare('SELECT text, raw FROM message').get() as { text: string; raw: string };
  assert.equal(cur.text, 'second');
  assert.equal((JSON.parse(await readMessageRaw(ctx, cur.raw)) as { text: string }).text, 'second');
  await ctx.close();
});
