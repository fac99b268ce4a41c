import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { linkHtmlChat } from '../src/app/link-html-chat.js';
import { verifyCase } from '../src/app/verify-case.js';
import { isAppError } from '../src/domain/errors.js';
import { firstDifference } from '../src/domain/row-diff.js';
import { TZ, writeBoth } from './html-both-fixture.js';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { writeStoredZip } from '../src/pipeline/import/zip-store.js';
import { caseSql } from './helpers/case-sql.js';
import { DATABASES, databaseUrl, type TestDatabase } from './helpers/databases.js';

const REAL = resolve('../shared/fixtures/telegram-real');
const CHAT = 'telegram:channel555001';

/** The digests of the three fixture imports, recorded before a change to the digest code: they must never move. */
const RECORDED = {
  'src-0ae0a48d0cd55ba3': '2c6c91e7dc0eae1a7b79c6f09f45f6914e1e947245af42fa8d7b671f11064761',
  'src-3f496221cb76d8de': 'a3cd5a78c906c4a4d5c02907479086c215fcaf84091f66d1f2553ed7afd70b97',
  'src-ced536c0ac46d00d': 'a4dc389aade435e00e3c62658ea0f47471a69a1684d1e89deb6f064af7eb75bd',
};

async function newCase(kind: TestDatabase): Promise<CaseContext> {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-digest-')), 'case');
  await initCase({ dir, home: 'FR', database: databaseUrl(kind) });
  return await openCase(dir);
}

async function digests(ctx: CaseContext): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const s of await ctx.store.sources.listSources())
    out[s.id] = (await ctx.store.integrity.sourceRowDigest(s.id))?.digest ?? '';
  return out;
}

/** Import the JSON export, then its HTML twin without a chat id; returns the HTML chat's derived id. */
async function importJsonThenHtml(ctx: CaseContext, dir: string): Promise<string> {
  await importSources(ctx, { paths: [join(dir, 'result.json')] });
  await importSources(ctx, { paths: [join(dir, 'messages.html')], tz: TZ });
  const rows = await caseSql(ctx.paths.dir, "SELECT id FROM chat WHERE id LIKE 'telegram:html-chat-%'");
  return String(rows[0]!['id']);
}

async function verifiedOk(ctx: CaseContext): Promise<void> {
  const r = await verifyCase(ctx);
  assert.deepEqual(r.findings, []);
  assert.equal(r.ok, true);
}

for (const kind of DATABASES)
  test(`[${kind}] row digests: the same imports in the same order give the same digests in two cases (no rowids, no times), equal to the recorded ones`, async () => {
    const paths = ['tg2md-channel-2020', 'tg2md-channel-2021', 'innerdvations-migrated-supergroup'].map((p) =>
      join(REAL, p),
    );
    const a = await newCase(kind);
    const b = await newCase(kind);
    try {
      for (const ctx of [a, b]) for (const p of paths) await importSources(ctx, { paths: [p], tz: 'UTC' });
      assert.deepEqual(await digests(a), await digests(b));
      assert.deepEqual(await digests(a), RECORDED);
    } finally {
      await a.close();
      await b.close();
    }
  });

for (const kind of DATABASES)
  test(`[${kind}] row digests: an earlier source keeps its digest when a later overlapping export adds versions to its messages`, async () => {
    const ctx = await newCase(kind);
    try {
      await importSources(ctx, { paths: [join(REAL, 'tg2md-channel-2020')], tz: 'UTC' });
      const first = await digests(ctx);
      await importSources(ctx, { paths: [join(REAL, 'tg2md-channel-2021')], tz: 'UTC' });
      const after = await digests(ctx);
      for (const [id, d] of Object.entries(first)) assert.equal(after[id], d, id);
      await verifiedOk(ctx);
    } finally {
      await ctx.close();
    }
  });

for (const kind of DATABASES)
  test(`[${kind}] row digests: HTML tied with --chat-id before or after its JSON twin, and HTML linked afterwards, all verify`, async () => {
    const dir = writeBoth();
    for (const order of ['html-first', 'json-first'] as const) {
      const ctx = await newCase(kind);
      try {
        const html = () => importSources(ctx, { paths: [join(dir, 'messages.html')], tz: TZ, chatId: CHAT });
        const json = () => importSources(ctx, { paths: [join(dir, 'result.json')] });
        if (order === 'html-first') {
          await html();
          await json();
        } else {
          await json();
          await html();
        }
        await verifiedOk(ctx);
      } finally {
        await ctx.close();
      }
    }
    const ctx = await newCase(kind);
    try {
      const h = await importJsonThenHtml(ctx, dir);
      await linkHtmlChat(ctx, { htmlChatId: h, chatId: CHAT });
      await verifiedOk(ctx);
    } finally {
      await ctx.close();
    }
  });

for (const kind of DATABASES)
  test(`[${kind}] vigie link refuses to rewrite tampered rows, and never re-records a tampering elsewhere (no laundering)`, async () => {
    const dir = writeBoth();
    const ctx = await newCase(kind);
    try {
      const h = await importJsonThenHtml(ctx, dir);
      const edit = (chat: string) =>
        caseSql(
          ctx.paths.dir,
          `UPDATE message SET text = 'changed' WHERE chat_id = ? AND message_id = 102`,
          chat,
        );
      await edit(h);
      await assert.rejects(linkHtmlChat(ctx, { htmlChatId: h, chatId: CHAT }), (e) =>
        isAppError(e, 'CASE_TAMPERED'),
      );
      assert.equal(Number((await caseSql(ctx.paths.dir, 'SELECT count(*) AS n FROM id_alias'))[0]!['n']), 0);
      await caseSql(
        ctx.paths.dir,
        `UPDATE message SET text = (SELECT text FROM message WHERE chat_id = ? AND message_id = 102) WHERE chat_id = ? AND message_id = 102`,
        CHAT,
        h,
      );
      // A tampered JSON row is not one the link rewrites: the link runs, and verify still names the tampering.
      await edit(CHAT);
      await linkHtmlChat(ctx, { htmlChatId: h, chatId: CHAT });
      const r = await verifyCase(ctx);
      assert.equal(r.ok, false);
      assert.ok(
        r.findings.some((f) => f.table === 'message' && f.message === 102 && f.field === 'text'),
        JSON.stringify(r.findings),
      );
    } finally {
      await ctx.close();
    }
  });

for (const kind of DATABASES)
  test(`[${kind}] verify --replay: a source imported from a zip, with its photos, is rebuilt as it was read`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-zip-replay-'));
    const exp = writeExport(
      join(root, 'ChatExport'),
      {
        name: 'Zip chat',
        type: 'public_channel',
        id: 4242,
        messages: [
          msg(1, 1_736_496_000, 'Ann', 'user1', 'hi'),
          msg(2, 1_736_496_060, 'Ann', 'user1', 'look', { photo: 'photos/a.jpg', width: 24, height: 24 }),
        ],
      },
      { 'photos/a.jpg': await benignJpeg(5) },
    );
    const zip = join(root, 'export.zip');
    writeStoredZip(
      zip,
      ['result.json', 'photos/a.jpg'].map((p) => ({ name: `ChatExport/${p}`, file: join(exp, p) })),
    );
    const ctx = await newCase(kind);
    try {
      const r = await importSources(ctx, { paths: [zip] });
      assert.equal(r.sources[0]?.media, 1);
      const v = await verifyCase(ctx, { replay: true });
      assert.deepEqual(v.findings, []);
      assert.equal(v.ok, true);
    } finally {
      await ctx.close();
    }
  });

test('firstDifference: pairs rows on the key and names the changed field, a missing and an added row', () => {
  const e = [
    { k: 1, v: 'a' },
    { k: 2, v: 'b' },
    { k: 4, v: 'd' },
  ];
  assert.equal(firstDifference(e, e, ['k']), null);
  assert.deepEqual(firstDifference(e, [e[0]!, { k: 2, v: 'x' }, e[2]!], ['k']), {
    kind: 'row-changed',
    expected: { k: 2, v: 'b' },
    found: { k: 2, v: 'x' },
    field: 'v',
  });
  assert.equal(firstDifference(e, [e[0]!, e[2]!], ['k'])?.kind, 'row-missing');
  assert.equal(firstDifference(e, [...e, { k: 5, v: 'e' }], ['k'])?.kind, 'row-added');
  assert.equal(firstDifference(e, [...e.slice(0, 2), { k: 3, v: 'c' }, e[2]!], ['k'])?.found?.['k'], 3);
});
