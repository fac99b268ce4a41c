import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync, createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { isAppError } from '../src/domain/errors.js';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { caseSql } from './helpers/case-sql.js';
import { DATABASES, databaseUrl, type TestDatabase } from './helpers/databases.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-bad-'));
async function newCase(kind: TestDatabase = 'sqlite'): Promise<CaseContext> {
  const dir = join(tmp(), 'case');
  await initCase({ dir, database: databaseUrl(kind) });
  return await openCase(dir);
}
/** The rows of a query on the case's database (either one). */
const rows = (ctx: CaseContext, sql: string, ...params: unknown[]): Promise<Record<string, unknown>[]> =>
  caseSql(ctx.paths.dir, sql, ...params);
const count = async (ctx: CaseContext, table: string): Promise<number> =>
  Number((await rows(ctx, `SELECT count(*) AS n FROM ${table}`))[0]!['n']);
const t = 1_700_000_000;
const chat = (messages: unknown[]): Record<string, unknown> => ({
  name: 'G',
  type: 'private_supergroup',
  id: 1234,
  messages,
});

test('a folder that is not an export: IMPORT_UNRECOGNISED_FORMAT naming it', async () => {
  const ctx = await newCase();
  const dir = join(tmp(), 'holiday-photos');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.json'), '{"a": 1}');
  await assert.rejects(
    importSources(ctx, { paths: [dir] }),
    (e) => isAppError(e, 'IMPORT_UNRECOGNISED_FORMAT') && e.message.includes('holiday-photos'),
  );
  await ctx.close();
});

for (const kind of DATABASES)
  test(`[${kind}] truncated and invalid JSON: IMPORT_INVALID_JSON with file and byte offset; nothing from that source stored`, async () => {
    const ctx = await newCase(kind);
    const good = JSON.stringify(
      chat([msg(1, t, 'A', 'user1', 'one'), msg(2, t + 1, 'A', 'user1', 'two')]),
      null,
      1,
    );
    const d1 = join(tmp(), 'trunc');
    mkdirSync(d1);
    writeFileSync(join(d1, 'result.json'), good.slice(0, good.length - 40));
    await assert.rejects(
      importSources(ctx, { paths: [d1] }),
      (e) =>
        isAppError(e, 'IMPORT_INVALID_JSON') &&
        /result\.json: byte \d+: unexpected end of input/.test(e.message),
    );
    const d2 = join(tmp(), 'broken');
    mkdirSync(d2);
    const bad = good.replace('"two"', '"two" oops');
    writeFileSync(join(d2, 'result.json'), bad);
    const at = Buffer.byteLength(bad.slice(0, bad.indexOf('oops')));
    await assert.rejects(
      importSources(ctx, { paths: [d2] }),
      (e) => isAppError(e, 'IMPORT_INVALID_JSON') && e.message.includes(`byte ${at}`),
    );
    for (const table of ['source', 'message', 'chat', 'actor', 'issue', 'message_source'])
      assert.equal(await count(ctx, table), 0, table);
    assert.equal(await count(ctx, 'audit_event'), 1);
    await ctx.close();
  });

for (const kind of DATABASES)
  test(`[${kind}] \\xHH escapes are repaired and reported, duplicate keys keep every value, integers above 2^53 stay exact`, async () => {
    const ctx = await newCase(kind);
    const dir = join(tmp(), 'odd');
    const body = JSON.stringify(
      chat([
        msg(1, t, 'A', 'user1', 'CTRLHERE'),
        {
          id: 2,
          type: 'service',
          date: '2023-11-14T22:13:20',
          date_unixtime: String(t),
          actor: 'A',
          actor_id: 'user1',
          action: 'send_webview_data',
          text: 'Open shop',
          text_entities: [],
        },
        {
          id: 3,
          type: 'service',
          date: '2023-11-14T22:13:20',
          date_unixtime: String(t),
          actor: 'A',
          actor_id: 'user1',
          action: 'send_star_gift',
          gift_id: 'GIFTID',
          stars: 15,
          text: '',
          text_entities: [],
        },
      ]),
      null,
      1,
    )
      .replace('CTRLHERE', 'a\\x01b\\\\x41c')
      .replace('"text_entities": []\n  }', '"text": "",\n   "text_entities": []\n  }')
      .replace('"GIFTID"', '5170233102089322756');
    mkdirSync(dir);
    writeFileSync(join(dir, 'result.json'), body);
    const r = await importSources(ctx, { paths: [dir] });
    const byId = new Map(
      (await rows(ctx, 'SELECT message_id, text, raw, details FROM message')).map((m) => [
        Number(m['message_id']),
        m as { text: string; raw: string; details: string },
      ]),
    );
    const get = (id: number): { text: string; raw: string; details: string } => byId.get(id)!;
    assert.equal(get(1).text, 'a\u0001b\\x41c');
    assert.ok(get(1).raw.includes('a\\x01b\\\\x41c'), 'raw bytes kept verbatim');
    assert.ok(r.issues.some((i) => i.code === 'JSON_X_ESCAPE' && /message 1, byte \d+/.test(i.location)));
    const dup = JSON.parse(get(2).details) as { duplicateKeys: { key: string; values: string[] }[] };
    assert.deepEqual(dup.duplicateKeys, [{ path: '$', key: 'text', values: ['Open shop', ''] }]);
    assert.ok(r.issues.some((i) => i.code === 'JSON_DUPLICATE_KEY'));
    assert.equal((JSON.parse(get(3).details) as Record<string, unknown>)['gift_id'], '5170233102089322756');
    assert.ok(get(3).raw.includes('5170233102089322756'));
    await ctx.close();
  });

for (const kind of DATABASES)
  test(`[${kind}] media paths leaving the export (.., absolute, symlink out) are refused and recorded`, async () => {
    const root = tmp();
    const outside = join(root, 'secret.jpg');
    writeFileSync(outside, await benignJpeg(3));
    const dir = writeExport(
      join(root, 'exp'),
      chat([
        msg(1, t, 'A', 'user1', '', { photo: '../secret.jpg' }),
        msg(2, t, 'A', 'user1', '', { photo: outside }),
        msg(3, t, 'A', 'user1', '', { photo: 'photos/link.jpg' }),
        msg(4, t, 'A', 'user1', '', { photo: 'photos/ok.jpg' }),
      ]),
      { 'photos/ok.jpg': await benignJpeg(4) },
    );
    symlinkSync(outside, join(dir, 'photos/link.jpg'));
    const ctx = await newCase(kind);
    const r = await importSources(ctx, { paths: [dir] });
    const unsafe = r.issues.filter((i) => i.code === 'IMPORT_UNSAFE_PATH').map((i) => i.location);
    assert.deepEqual(unsafe, [
      'telegram:channel1234 message 1',
      'telegram:channel1234 message 2',
      'telegram:channel1234 message 3',
    ]);
    const occ = (await rows(
      ctx,
      'SELECT message_id, sha256, placeholder FROM media_occurrence ORDER BY message_id',
    )) as { sha256: string | null; placeholder: string | null }[];
    assert.deepEqual(
      occ.map((o) => o.placeholder),
      ['unsafe_path', 'unsafe_path', 'unsafe_path', null],
    );
    assert.equal(await count(ctx, 'media'), 1);
    assert.equal(await count(ctx, 'evidence'), 2, 'result.json and ok.jpg only');
    await ctx.close();
  });

for (const kind of DATABASES)
  test(`[${kind}] local times without a UTC twin and no --tz: IMPORT_NEEDS_TZ, nothing stored`, async () => {
    const ctx = await newCase(kind);
    const dir = writeExport(join(tmp(), 'old'), {
      name: 'x',
      type: 'private_channel',
      id: 9882011936,
      messages: [
        { id: 1, type: 'message', date: '2020-11-12T12:54:07', from: 'x', from_id: 9882011936, text: 'old' },
      ],
    });
    await assert.rejects(
      importSources(ctx, { paths: [dir] }),
      (e) => isAppError(e, 'IMPORT_NEEDS_TZ') && /result\.json: message 1/.test(e.message),
    );
    assert.equal(await count(ctx, 'message'), 0);
    await assert.rejects(importSources(ctx, { paths: [dir], tz: 'Nowhere/Atlantis' }), (e) =>
      isAppError(e, 'USAGE'),
    );
    const r = await importSources(ctx, { paths: [dir], tz: '+01:00' });
    assert.equal(r.sources[0]!.status, 'imported');
    const [row] = await rows(ctx, 'SELECT date_utc, date_local, tz_assumed, date_quality FROM message');
    assert.deepEqual(
      { ...row, date_utc: Number(row!['date_utc']) },
      {
        date_utc: Date.UTC(2020, 10, 12, 11, 54, 7),
        date_local: '2020-11-12T12:54:07',
        tz_assumed: '+01:00',
        date_quality: 'assumed-zone',
      },
    );
    await ctx.close();
  });

async function zipOf(path: string, entries: [string, Buffer][]): Promise<string> {
  await new Promise<void>((res, rej) => {
    const z = new yazl.ZipFile();
    for (const [name, data] of entries) z.addBuffer(data, name);
    z.outputStream.pipe(createWriteStream(path)).on('close', res).on('error', rej);
    z.end();
  });
  return path;
}

test('zip entries with .. or absolute names are refused; unreferenced entries are not expanded', async () => {
  const root = tmp();
  const result = Buffer.from(JSON.stringify(chat([msg(1, t, 'A', 'user1', 'hi')])));
  const evil = await zipOf(join(root, 'evil.zip'), [
    ['result.json', result],
    ['ok.txt', Buffer.from('x')],
  ]);
  // yazl refuses to write such names, so patch them into the archive (same length).
  const bytes = readFileSync(evil);
  const patched = Buffer.from(bytes.toString('latin1').replaceAll('ok.txt', '../x.t'), 'latin1');
  writeFileSync(evil, patched);
  const ctx = await newCase();
  const r = await importSources(ctx, { paths: [evil] });
  assert.deepEqual(
    r.issues.map((i) => [i.code, i.message]),
    [['IMPORT_UNSAFE_PATH', "zip entry refused: '..' in path"]],
  );
  const abs = Buffer.from(bytes.toString('latin1').replaceAll('ok.txt', '/x.txt'), 'latin1');
  writeFileSync(join(root, 'abs.zip'), abs);
  const ctx2 = await newCase();
  const r2 = await importSources(ctx2, { paths: [join(root, 'abs.zip')] });
  await ctx2.close();
  assert.deepEqual(
    r2.issues.map((i) => i.message),
    ['zip entry refused: absolute path'],
  );
  const bomb = await zipOf(join(root, 'bomb.zip'), [
    ['result.json', result],
    ['zeros.bin', Buffer.alloc(5_000_000)],
  ]);
  // An entry nothing references is never expanded, whatever its size (test/zip-limits.test.ts has the rest).
  const ok = await importSources(ctx, { paths: [bomb], zipLimits: { maxBytes: 1_000_000 } });
  assert.equal(ok.sources[0]?.status, 'already-imported');
  await assert.rejects(
    importSources(ctx, { paths: [bomb], zipLimits: { maxEntries: 1 } }),
    (e) => isAppError(e, 'ZIP_TOO_MANY_ENTRIES') && /entries/.test(e.message),
  );
  await ctx.close();
});

test('a result.json with a UTF-8 byte-order mark and CRLF line ends imports', async () => {
  const ctx = await newCase();
  const dir = join(tmp(), 'bom');
  mkdirSync(dir);
  const text = JSON.stringify(chat([msg(1, t, 'A', 'user1', 'one')]), null, 1).replaceAll('\n', '\r\n');
  writeFileSync(join(dir, 'result.json'), '\uFEFF' + text);
  const r = await importSources(ctx, { paths: [dir] });
  assert.equal(r.sources[0]!.messages, 1);
  await ctx.close();
});
