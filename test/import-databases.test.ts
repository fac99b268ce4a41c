import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DATABASES, databaseUrl, type TestDatabase } from './helpers/databases.js';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources, type ImportResult } from '../src/app/import-sources.js';
import { isAppError } from '../src/domain/errors.js';
import { parseSearchQuery } from '../src/domain/search-query.js';
import { msg, writeExport } from './import-factory.js';

const FIX = resolve('../shared/fixtures/telegram-real');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-impdb-'));
const FIXTURES = Object.keys(JSON.parse(readFileSync(join(FIX, 'expectations.json'), 'utf8')) as object);

async function newCase(kind: TestDatabase): Promise<CaseContext> {
  const dir = join(tmp(), 'case');
  await initCase({ dir, database: databaseUrl(kind) });
  return openCase(dir);
}

/** What the case holds, read through the port: its sources with their row digests, its runs and audit trail. */
async function snapshot(ctx: CaseContext): Promise<Record<string, unknown>> {
  const sources = [];
  for (const s of await ctx.store.sources.listSources())
    sources.push({ ...s, digest: (await ctx.store.integrity.sourceRowDigest(s.id))?.digest ?? null });
  return {
    sources,
    evidence: await ctx.store.sources.listEvidence(),
    runs: (await ctx.store.runs.list()).map((r) => [r.stage, r.status, r.stats]),
    audit: (await ctx.store.audit.list())
      .filter((e) => e.command !== 'init')
      .map((e) => [e.command, e.subject]),
  };
}

/** The import result without what differs between runs (run id, absolute paths). */
const portable = (r: ImportResult): unknown => ({
  sources: r.sources.map(({ path: _p, ...s }) => s),
  issues: r.issues,
  errors: r.errors,
  warnings: r.warnings,
});

/** Import every real fixture (JSON and HTML) into a new case of this database; returns the result and the rows. */
async function importFixtures(
  kind: TestDatabase,
): Promise<{ result: unknown; rows: Record<string, unknown> }> {
  const ctx = await newCase(kind);
  try {
    const r = await importSources(ctx, { paths: FIXTURES.map((n) => join(FIX, n)), tz: 'Europe/Paris' });
    assert.equal(r.sources.length, FIXTURES.length);
    assert.ok(r.sources.every((s) => s.status === 'imported'));
    const rows = await snapshot(ctx);
    // Importing the same exports again brings nothing: no run, no event, the same rows.
    const again = await importSources(ctx, { paths: FIXTURES.map((n) => join(FIX, n)), tz: 'Europe/Paris' });
    assert.equal(again.runId, null);
    assert.ok(again.sources.every((s) => s.status === 'already-imported'));
    assert.deepEqual(await snapshot(ctx), rows);
    return { result: portable(r), rows };
  } finally {
    await ctx.close();
  }
}

const seen = new Map<TestDatabase, { result: unknown; rows: Record<string, unknown> }>();

for (const kind of DATABASES) {
  test(`[${kind}] the real fixtures import with their row digests recorded; re-import is a no-op`, async () => {
    const got = await importFixtures(kind);
    seen.set(kind, got);
    const sources = got.rows['sources'] as { id: string; digest: string | null }[];
    assert.equal(sources.length, FIXTURES.length);
    assert.ok(sources.every((s) => typeof s.digest === 'string' && s.digest.length === 64));
  });

  test(`[${kind}] a second export of the same chat adds a version; a refused input leaves the case unchanged`, async () => {
    const root = tmp();
    const head = { name: 'Garden club', type: 'private_supergroup', id: 1777000003 };
    const t = 1_700_000_000;
    const a = writeExport(join(root, 'a'), {
      ...head,
      messages: [msg(1, t, 'Ann', 'user1', 'first'), msg(2, t + 5, 'Bob', 'user2', 'same')],
    });
    const b = writeExport(join(root, 'b'), {
      ...head,
      messages: [
        msg(1, t, 'Ann', 'user1', 'edited', { edited: 'x', edited_unixtime: String(t + 60) }),
        msg(2, t + 5, 'Bob', 'user2', 'same'),
        msg(3, t + 9, 'Ann', 'user1', 'new'),
      ],
    });
    const ctx = await newCase(kind);
    try {
      const r = await importSources(ctx, { paths: [a, b] });
      const counts = r.sources.map((s) => [s.messages, s.newMessages, s.newVersions]);
      assert.deepEqual(counts, [
        [2, 2, 0],
        [3, 1, 1],
      ]);
      const before = await snapshot(ctx);
      const junk = join(root, 'junk');
      mkdirSync(junk);
      writeFileSync(join(junk, 'notes.txt'), 'not an export');
      await assert.rejects(importSources(ctx, { paths: [junk] }), (e) =>
        isAppError(e, 'IMPORT_UNRECOGNISED_FORMAT'),
      );
      const broken = writeExport(join(root, 'broken'), { ...head, messages: [] });
      writeFileSync(
        join(broken, 'result.json'),
        '{"name": "x", "type": "personal_chat", "id": 1, "messages": [',
      );
      await assert.rejects(importSources(ctx, { paths: [broken] }), (e) => isAppError(e));
      const after = await snapshot(ctx);
      // A refused export leaves the case as it was: no source, no row, no evidence, not even a failed run.
      assert.deepEqual(after, before);
    } finally {
      await ctx.close();
    }
  });
}

/** Rows of two overlapping 9,000-message exports (more than two PostgreSQL write batches), per database. */
const big = new Map<TestDatabase, unknown>();

for (const kind of DATABASES)
  test(`[${kind}] overlapping exports larger than a write batch: every message once, edits as versions`, async () => {
    const root = tmp();
    const head = { name: 'Big garden club', type: 'private_supergroup', id: 1777000009 };
    const t = 1_700_000_000;
    const text = (i: number): string => `note ${i} about the pond`;
    const a = writeExport(join(root, 'a'), {
      ...head,
      messages: Array.from({ length: 9000 }, (_, i) =>
        msg(i + 1, t + i, `U${i % 50}`, `user${i % 50}`, text(i)),
      ),
    });
    // The second account saw messages 4,001..13,000: the overlap crosses batch boundaries, every 1,000th edited.
    const b = writeExport(join(root, 'b'), {
      ...head,
      messages: Array.from({ length: 9000 }, (_, k) => {
        const i = k + 4000;
        return i % 1000 === 0
          ? msg(i + 1, t + i, `U${i % 50}`, `user${i % 50}`, `${text(i)} (edited)`, {
              edited: 'x',
              edited_unixtime: String(t + i + 60),
            })
          : msg(i + 1, t + i, `U${i % 50}`, `user${i % 50}`, text(i));
      }),
    });
    const ctx = await newCase(kind);
    try {
      const r = await importSources(ctx, { paths: [a, b] });
      assert.deepEqual(
        r.sources.map((s) => [s.messages, s.newMessages, s.newVersions]),
        [
          [9000, 9000, 0],
          [9000, 4000, 5],
        ],
      );
      big.set(kind, await snapshot(ctx));
      // The search index filled at import (PostgreSQL: new messages batch by batch, then the known ones) holds the
      // documents a rebuild from the whole case makes: every message once, edits with their earlier text.
      const docs = async (words: string): Promise<string[]> =>
        (await ctx.store.search.search(parseSearchQuery(words), {}, 0, 20_000))
          .map((h) => [h.kind, h.chat_id, h.message_id, h.version, h.actor_id, h.at].join('|'))
          .sort();
      const imported = [await docs('pond'), await docs('edited'), await docs('u7')];
      assert.equal(imported[0]?.length, 13_005);
      assert.equal(imported[1]?.length, 9);
      await ctx.store.transaction((tx) => tx.search.rebuild());
      assert.deepEqual([await docs('pond'), await docs('edited'), await docs('u7')], imported);
    } finally {
      await ctx.close();
    }
  });

test('SQLite and PostgreSQL hold the same rows after importing overlapping exports larger than a batch', (t) => {
  if (DATABASES.length < 2) return t.skip('PostgreSQL is not running for this test run');
  const [sqlite, postgres] = DATABASES.map((k) => big.get(k));
  assert.ok(sqlite && postgres, 'both imports ran');
  assert.deepEqual(postgres, sqlite);
});

test('SQLite and PostgreSQL hold the same rows after importing the real fixtures', async (t) => {
  if (DATABASES.length < 2) return t.skip('PostgreSQL is not running for this test run');
  for (const kind of DATABASES) if (!seen.has(kind)) seen.set(kind, await importFixtures(kind));
  const [sqlite, postgres] = DATABASES.map((k) => seen.get(k));
  assert.deepEqual(postgres?.result, sqlite?.result);
  assert.deepEqual(postgres?.rows, sqlite?.rows);
});
