import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { caseStats } from '../src/app/case-stats.js';
import { listChats } from '../src/app/list-chats.js';
import { linkHtmlChat } from '../src/app/link-html-chat.js';
import { verifyCase } from '../src/app/verify-case.js';
import { renderTelegramHtml } from '../src/demo/telegram-html.js';
import { chatObject, TZ, writeBoth, type Json } from './html-both-fixture.js';
import { DATABASES, databaseUrl, type TestDatabase } from './helpers/databases.js';
import { caseSql } from './helpers/case-sql.js';

const CHAT = 'telegram:channel555001';

async function newCase(kind: TestDatabase): Promise<CaseContext> {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-link-')), 'case');
  await initCase({ dir, database: databaseUrl(kind) });
  return await openCase(dir);
}
/** Rows read from the case's database directly; counts (`n`) as numbers on both databases. */
const all = async <T>(ctx: CaseContext, sql: string, ...args: unknown[]): Promise<T[]> =>
  (await caseSql(ctx.paths.dir, sql, ...args)).map((r) => ('n' in r ? { ...r, n: Number(r['n']) } : r) as T);
const one = async (ctx: CaseContext, sql: string, ...args: unknown[]): Promise<number> =>
  (await all<{ n: number }>(ctx, sql, ...args))[0]!.n;

for (const kind of DATABASES)
  test(`[${kind}] derived HTML accounts are stored with kind user; --chat-id is refused for a JSON export`, async () => {
    const ctx = await newCase(kind);
    const dir = writeBoth();
    await importSources(ctx, { paths: [join(dir, 'messages.html')], tz: TZ });
    const kinds = await all<{ kind: string }>(
      ctx,
      `SELECT DISTINCT kind FROM actor WHERE id LIKE 'telegram:html-user-%'`,
    );
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['user'],
    );
    await assert.rejects(
      importSources(ctx, { paths: [join(dir, 'result.json')], chatId: CHAT }),
      /USAGE|HTML exports only/,
    );
  });

const rowsByOrder = new Map<string, unknown>();
for (const kind of DATABASES)
  for (const order of ['json-first', 'html-first'] as const)
    test(`[${kind}] --chat-id: the same chat from JSON and HTML merges without false edits (${order})`, async () => {
      const ctx = await newCase(kind);
      const dir = writeBoth();
      const json = { paths: [join(dir, 'result.json')] };
      const html = { paths: [join(dir, 'messages.html')], tz: TZ, chatId: CHAT };
      for (const input of order === 'json-first' ? [json, html] : [html, json])
        await importSources(ctx, input);
      const n = (chatObject().messages as unknown[]).length;
      assert.equal(await one(ctx, 'SELECT count(*) AS n FROM message'), n);
      assert.equal(
        await one(ctx, 'SELECT count(*) AS n FROM message_version'),
        0,
        'no version from raw differences',
      );
      assert.equal(await one(ctx, 'SELECT count(*) AS n FROM message_in_source'), 2 * n);
      assert.equal(
        await one(
          ctx,
          'SELECT count(DISTINCT version_hash) AS n FROM message_in_source WHERE message_id = 102',
        ),
        2,
        'each source keeps its own version hash',
      );
      assert.equal(await one(ctx, `SELECT count(*) AS n FROM issue WHERE code = 'MESSAGE_ID_COLLISION'`), 0);
      assert.equal((await listChats(ctx)).length, 1);
      // JSON is authoritative: whatever the order, the message rows are JSON's (platform authors, exact times).
      const rows = await all(
        ctx,
        'SELECT message_id, author_id, date_utc, text, version_hash FROM message ORDER BY 1',
      );
      const other = rowsByOrder.get(`${kind} ${order === 'json-first' ? 'html-first' : 'json-first'}`);
      if (other) assert.deepEqual(rows, other);
      rowsByOrder.set(`${kind} ${order}`, rows);
    });

for (const kind of DATABASES)
  test(`[${kind}] --chat-id: a real text difference between JSON and HTML is recorded as two versions`, async () => {
    const ctx = await newCase(kind);
    const dir = writeBoth();
    const page = join(dir, 'messages.html');
    const html = readFileSync(page, 'utf8');
    assert.ok(html.includes('Thanks for the invite'));
    writeFileSync(page, html.replace('Thanks for the invite', 'Thanks for the kind invite'));
    await importSources(ctx, { paths: [join(dir, 'result.json')] });
    const r = await importSources(ctx, { paths: [page], tz: TZ, chatId: CHAT });
    assert.equal(r.sources[0]?.newVersions, 1);
    assert.deepEqual(
      (await all<{ text: string }>(ctx, 'SELECT text FROM message_version ORDER BY text')).map((v) => v.text),
      ['Thanks for the invite', 'Thanks for the kind invite'],
    );
  });

for (const kind of DATABASES)
  test(`[${kind}] every HTML page is evidence: pages 2..n are stored, listed in source_file and verified`, async () => {
    const ctx = await newCase(kind);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-pages-'));
    const pages = renderTelegramHtml(chatObject() as never, { tz: TZ, perPage: 5 });
    assert.ok(pages.length >= 4);
    for (const p of pages) writeFileSync(join(dir, p.name), p.html);
    const r = await importSources(ctx, { paths: [dir], tz: TZ });
    const files = await all<{ path: string; sha256: string }>(
      ctx,
      'SELECT path, sha256 FROM source_file WHERE source_id = ? ORDER BY path',
      r.sources[0]!.sourceId,
    );
    assert.deepEqual(files.map((f) => f.path).sort(), pages.map((p) => p.name).sort());
    for (const f of files) assert.ok(ctx.evidence.has(f.sha256), f.path);
    const ok = await verifyCase(ctx);
    assert.equal(ok.ok, true);
    assert.equal(ok.evidenceFiles, pages.length);
    const last = files.find((f) => f.path === pages[pages.length - 1]!.name)!;
    const stored = ctx.evidence.pathOf(last.sha256);
    chmodSync(stored, 0o644);
    writeFileSync(stored, 'altered');
    const bad = await verifyCase(ctx);
    assert.equal(bad.ok, false);
    assert.equal(bad.alteredFile?.sha256, last.sha256);
  });

async function importBothSeparately(
  kind: TestDatabase,
  doc?: Json,
): Promise<{ ctx: CaseContext; htmlChat: string }> {
  const ctx = await newCase(kind);
  const dir = writeBoth(doc);
  await importSources(ctx, { paths: [join(dir, 'result.json')] });
  await importSources(ctx, { paths: [join(dir, 'messages.html')], tz: TZ });
  const htmlChat = (
    await all<{ id: string }>(ctx, `SELECT id FROM chat WHERE id LIKE 'telegram:html-chat-%'`)
  )[0]!.id;
  return { ctx, htmlChat };
}

for (const kind of DATABASES)
  test(`[${kind}] vigie link: an HTML-imported chat and its accounts are tied to the JSON chat, derived ids kept as aliases`, async () => {
    const { ctx, htmlChat } = await importBothSeparately(kind);
    const n = (chatObject().messages as unknown[]).length;
    assert.equal(await one(ctx, 'SELECT count(*) AS n FROM message'), 2 * n);
    const before = await caseStats(ctx);
    assert.equal(before.chats, 2);

    const dry = await linkHtmlChat(ctx, { htmlChatId: htmlChat, chatId: CHAT, dryRun: true });
    assert.equal(dry.counts, null);
    assert.equal(await one(ctx, 'SELECT count(*) AS n FROM id_alias'), 0);

    const r = await linkHtmlChat(ctx, { htmlChatId: htmlChat, chatId: CHAT });
    assert.equal(r.plan.actors.length, 4);
    assert.deepEqual(r.plan.conflicts, []);
    assert.equal(r.counts?.mergedMessages, n);
    assert.equal(await one(ctx, 'SELECT count(*) AS n FROM message'), n);
    assert.equal(await one(ctx, 'SELECT count(*) AS n FROM message_version'), 0);
    assert.equal(await one(ctx, 'SELECT count(*) AS n FROM message_in_source'), 2 * n);
    assert.equal(await one(ctx, `SELECT count(*) AS n FROM message WHERE author_id LIKE '%html-%'`), 0);
    assert.equal(await one(ctx, `SELECT count(*) AS n FROM membership WHERE actor_id LIKE '%html-%'`), 0);
    assert.equal(await one(ctx, `SELECT count(*) AS n FROM media_occurrence WHERE chat_id = ?`, htmlChat), 0);
    assert.equal(
      await one(ctx, `SELECT count(*) AS n FROM membership WHERE kind = 'posted' AND chat_id = ?`, CHAT),
      4,
      'posting memberships of both sources merged',
    );
    const names = await all<{ name: string; n: number }>(
      ctx,
      `SELECT name, count(DISTINCT source_id) AS n FROM actor_name WHERE actor_id = 'telegram:user11' GROUP BY name`,
    );
    assert.deepEqual(names, [{ name: 'Alice Martin', n: 2 }]);
    const chats = await listChats(ctx);
    assert.equal(chats.length, 1);
    assert.deepEqual(chats[0]!.aliases, [htmlChat]);
    assert.equal(chats[0]!.sources.length, 2);
    const after = await caseStats(ctx);
    assert.equal(after.chats, 1);
    assert.equal(after.members, 4);
    assert.equal(await one(ctx, `SELECT count(*) AS n FROM id_alias WHERE audit_seq = ?`, r.auditSeq), 5);
    assert.equal(
      await one(ctx, `SELECT count(*) AS n FROM actor WHERE id LIKE 'telegram:html-%'`),
      4,
      'rows kept',
    );
    assert.equal(await one(ctx, `SELECT count(*) AS n FROM audit_event WHERE command = 'link'`), 1);
    assert.equal((await verifyCase(ctx)).ok, true);
    await assert.rejects(linkHtmlChat(ctx, { htmlChatId: htmlChat, chatId: CHAT }), /already linked/);
  });

for (const kind of DATABASES)
  test(`[${kind}] vigie link: an account the HTML cannot tell apart is a conflict and stays unchanged`, async () => {
    const doc = chatObject();
    // Eve (user14) is renamed Bob: in HTML both Bobs are one derived account, in JSON two accounts.
    doc.messages = (doc.messages as Json[]).map((m) =>
      m['from_id'] === 'user14'
        ? { ...m, from: 'Bob' }
        : m['actor_id'] === 'user14'
          ? { ...m, actor: 'Bob' }
          : m,
    );
    const { ctx, htmlChat } = await importBothSeparately(kind, doc);
    const r = await linkHtmlChat(ctx, { htmlChatId: htmlChat, chatId: CHAT });
    assert.equal(r.plan.conflicts.length, 1);
    const bob = r.plan.conflicts[0]!;
    assert.deepEqual(bob.candidates, ['telegram:user12', 'telegram:user14']);
    assert.ok(!r.plan.actors.some((a) => a.from === bob.from));
    assert.equal(await one(ctx, 'SELECT count(*) AS n FROM id_alias WHERE alias_id = ?', bob.from), 0);
    assert.ok((await one(ctx, 'SELECT count(*) AS n FROM actor_name WHERE actor_id = ?', bob.from)) > 0);
    assert.equal((await verifyCase(ctx)).ok, true);
  });
