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
import { caseSql } from './helpers/case-sql.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';

const t = 1_700_000_000;

for (const kind of DATABASES)
  test(`[${kind}] raw of a message read as written is a reference into the evidence copy; it reads back verbatim (ADR 0008)`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-rawref-'));
    await initCase({ dir: join(root, 'case'), database: databaseUrl(kind) });
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
    const rows = (
      await caseSql(ctx.paths.dir, 'SELECT message_id, raw FROM message ORDER BY message_id')
    ).map((r) => ({ message_id: Number(r['message_id']), raw: String(r['raw']) }));
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
      const sha = (await caseSql(ctx.paths.dir, 'SELECT sha256 FROM source WHERE id = ?', ref.sourceId))[0]![
        'sha256'
      ];
      assert.ok(
        (await readRawBytes(ctx, `evidence:${String(sha)}:${ref.offset}:${ref.length}`)).equals(want),
      );
    }
    assert.ok((await readMessageRaw(ctx, rows[2]!.raw)).includes('"unknown_key"'));
    await ctx.close();
  });

for (const kind of DATABASES)
  test(`[${kind}] an edit seen by a second export: both versions in message_version resolve to their own file`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-rawref-'));
    await initCase({ dir: join(root, 'case'), database: databaseUrl(kind) });
    const ctx = await openCase(join(root, 'case'));
    const head = { name: 'G', type: 'private_supergroup', id: 99 };
    const a = writeExport(join(root, 'a'), { ...head, messages: [msg(1, t, 'A', 'user1', 'first')] });
    const b = writeExport(join(root, 'b'), {
      ...head,
      messages: [msg(1, t, 'A', 'user1', 'second', { edited: 'x', edited_unixtime: String(t + 60) })],
    });
    await importSources(ctx, { paths: [a, b] });
    const versions = (await caseSql(
      ctx.paths.dir,
      'SELECT text, raw FROM message_version ORDER BY text',
    )) as { text: string; raw: string }[];
    assert.equal(versions.length, 2);
    for (const v of versions) {
      assert.ok(isRawRef(v.raw));
      const obj = JSON.parse(await readMessageRaw(ctx, v.raw)) as { text: string };
      assert.equal(obj.text, v.text);
    }
    const cur = (await caseSql(ctx.paths.dir, 'SELECT text, raw FROM message'))[0] as {
      text: string;
      raw: string;
    };
    assert.equal(cur.text, 'second');
    assert.equal((JSON.parse(await readMessageRaw(ctx, cur.raw)) as { text: string }).text, 'second');
    await ctx.close();
  });
