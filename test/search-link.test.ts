// The search index follows what import and `vigie link` write, on both databases: a JSON export and its HTML twin
// imported as two chats give hits in both; once linked, every hit names the platform chat and account, as a
// rebuild of the index does; verify passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { linkHtmlChat } from '../src/app/link-html-chat.js';
import { listChats } from '../src/app/list-chats.js';
import { verifyCase } from '../src/app/verify-case.js';
import { searchMessages } from '../src/app/search-messages.js';
import { rebuildSearchIndex } from '../src/app/search-rebuild.js';
import { TZ, writeBoth } from './html-both-fixture.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';

const CHAT = 'telegram:channel555001';

const hits = async (ctx: CaseContext, query: string) =>
  (await searchMessages(ctx, { query, limit: 100 })).items.map(
    (h) => `${h.kind} ${h.chat ?? '-'} ${h.message ?? '-'} ${h.author ?? '-'}`,
  );

for (const kind of DATABASES)
  test(`[${kind}] hits follow import of two sources and vigie link; a rebuild agrees; verify passes`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-search-link-')), 'case');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    try {
      const both = writeBoth();
      await importSources(ctx, { paths: [join(both, 'result.json')] });
      await importSources(ctx, { paths: [join(both, 'messages.html')], tz: TZ });
      const html = (await listChats(ctx)).map((c) => c.id).find((id) => id !== CHAT)!;
      const before = await hits(ctx, 'roses');
      assert.ok(before.some((h) => h.includes(` ${CHAT} `)) && before.some((h) => h.includes(` ${html} `)));
      assert.ok(
        (await hits(ctx, 'garden')).some((h) => h.startsWith('chatName')),
        'the chat title is indexed',
      );
      await linkHtmlChat(ctx, { htmlChatId: html, chatId: CHAT });
      const after = await hits(ctx, 'roses');
      assert.ok(after.length > 0 && after.every((h) => h.includes(` ${CHAT} `)), after.join('\n'));
      assert.ok(
        after.every((h) => !h.includes('html-')),
        'no derived id left in the hits',
      );
      const queries = ['roses', 'alice', 'garden', 'hel*'];
      const linked = await Promise.all(queries.map((q) => hits(ctx, q)));
      await rebuildSearchIndex(ctx);
      assert.deepEqual(await Promise.all(queries.map((q) => hits(ctx, q))), linked);
      assert.equal((await verifyCase(ctx)).ok, true);
    } finally {
      await ctx.close();
    }
  });
