import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TEST_STATE } from './helpers/cli.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { runStage } from '../src/app/run-stage.js';
import { isAppError } from '../src/domain/errors.js';
import { MIGRATIONS } from '../src/store/migrations/index.js';
import { toPostgres } from '../src/store/postgres/translate.js';
import Database from 'better-sqlite3';
import { sqliteBulk } from '../src/store/sqlite/bulk.js';
import { postgresBulk } from '../src/store/postgres/bulk.js';

void TEST_STATE;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-port-'));

for (const kind of DATABASES) {
  test(`[${kind}] a transaction commits on resolve and rolls back on throw; a nested call joins it`, async () => {
    const dir = join(tmp(), 'c');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    try {
      assert.equal(ctx.store.dialect, kind);
      await assert.rejects(
        ctx.store.transaction(async (tx) => {
          await tx.audit.append({ user: 'ana', command: 'test', subject: 'rolled back' });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await ctx.store.audit.count(), 1, 'the rolled-back event is gone');
      const seq = await ctx.store.transaction(async (tx) => {
        await tx.audit.append({ user: 'ana', command: 'test', subject: 'outer' });
        return ctx.store.transaction(
          async (inner) => (await inner.audit.append({ user: 'ana', command: 'test', subject: 'inner' })).seq,
        );
      });
      assert.equal(seq, 3);
      assert.equal(await ctx.store.audit.check(), null, 'the chain is intact');
      const events = await ctx.store.audit.list();
      assert.deepEqual(
        events.map((e) => [e.seq, e.command, e.subject]),
        [
          [1, 'init', dir],
          [2, 'test', 'outer'],
          [3, 'test', 'inner'],
        ],
      );
    } finally {
      await ctx.close();
    }
  });

  test(`[${kind}] runStage records the run, its end and its audit event; a throwing body marks the run failed`, async () => {
    const dir = join(tmp(), 'c');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    try {
      const r = await runStage(ctx, 'probe', { n: 1 }, async (run) => ({
        result: run.id,
        stats: { items: 2 },
        audit: { command: 'probe', details: { items: 2 } },
      }));
      const ok = await ctx.store.runs.get(r);
      assert.equal(ok?.status, 'ok');
      assert.equal(ok?.stats, '{"items":2}');
      assert.equal((await ctx.store.audit.head())?.command, 'probe');
      let failedId = '';
      await assert.rejects(
        runStage(ctx, 'probe', {}, (run) => {
          failedId = run.id;
          return Promise.reject(new Error('disk on fire'));
        }),
        /disk on fire/,
      );
      const failed = await ctx.store.runs.get(failedId);
      assert.equal(failed?.status, 'failed');
      assert.match(failed?.stats ?? '', /disk on fire/);
      // A commit that throws (a write failing) keeps nothing of it and marks the run failed too.
      let writeFailedId = '';
      await assert.rejects(
        runStage(ctx, 'probe', {}, async (run) => {
          writeFailedId = run.id;
          return {
            result: null,
            audit: { command: 'probe', details: {} },
            write: async (tx) => {
              await tx.audit.append({ user: 'x', command: 'half', subject: 'kept?' });
              throw new Error('write failed');
            },
          };
        }),
        /write failed/,
      );
      assert.equal((await ctx.store.runs.get(writeFailedId))?.status, 'failed');
      assert.equal((await ctx.store.audit.listByCommand('half')).length, 0, 'nothing half-written');
    } finally {
      await ctx.close();
    }
  });
}

test('every migration translates to PostgreSQL without SQLite-only words', () => {
  for (const m of MIGRATIONS) {
    const sql = toPostgres(m.sql);
    assert.doesNotMatch(sql, /\bINTEGER\b|WITHOUT ROWID|RAISE\(ABORT|\bREAL\b/, `migration ${m.version}`);
  }
});

test('both databases get the same tables, columns and nullability from the one migration list', async (t) => {
  const url = databaseUrl('postgres');
  if (!url) return t.skip('no PostgreSQL under test');
  const sqliteDir = join(tmp(), 's');
  const pgDir = join(tmp(), 'p');
  await initCase({ dir: sqliteDir });
  await initCase({ dir: pgDir, database: url });
  const raw = new Database(join(sqliteDir, 'case.sqlite'), { readonly: true });
  const lite = new Map<string, string>();
  for (const { name } of raw
    .prepare(`SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[])
    for (const c of raw.prepare(`PRAGMA table_info("${name}")`).all() as {
      name: string;
      notnull: number;
      pk: number;
    }[])
      lite.set(`${name}.${c.name}`, c.notnull || c.pk ? 'not null' : 'null');
  raw.close();
  const ctx = await openCase(pgDir, { readonly: true });
  const schema = ctx.info.database?.schema ?? '';
  await ctx.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cols = await client.query<{ t: string; c: string; n: string }>(
    `SELECT table_name AS t, column_name AS c, is_nullable AS n FROM information_schema.columns WHERE table_schema = $1`,
    [schema],
  );
  await client.end();
  const post = new Map(cols.rows.map((r) => [`${r.t}.${r.c}`, r.n === 'YES' ? 'null' : 'not null']));
  // Views report every column nullable on PostgreSQL: compare names only for them.
  for (const k of [...lite.keys()].filter((k) => k.startsWith('message_in_source.'))) {
    assert.ok(post.has(k), k);
    lite.delete(k);
    post.delete(k);
  }
  // The search index is each database's own (migration 9, ADR 0024): FTS5's tables, PostgreSQL's tsvectors
  // (since migration 14 also the messages' own, ADR 0015 §11).
  const own = (k: string) => k.startsWith('search_fts') || k === 'search_doc.tsv' || k === 'message.tsv';
  assert.deepEqual([...post].filter(([k]) => !own(k)).sort(), [...lite].filter(([k]) => !own(k)).sort());
});

test('a URL with a password is refused and nothing is created', async () => {
  const dir = join(tmp(), 'c');
  await assert.rejects(
    initCase({ dir, database: 'postgres://ana:secret@127.0.0.1:1/db' }),
    (e) => isAppError(e, 'USAGE') && !e.message.includes('secret'),
  );
});

const ODD = 'tab\there\nnew line \\ back slash \r \\N é';

test('the SQLite bulk path inserts and skips existing keys with ignore', () => {
  const raw = new Database(':memory:');
  raw.exec('CREATE TABLE evidence (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, stored_at TEXT NOT NULL)');
  const bulk = sqliteBulk(raw);
  void bulk.insert('evidence', ['sha256', 'size', 'stored_at'], [['a', 1, ODD]]);
  void bulk.insert(
    'evidence',
    ['sha256', 'size', 'stored_at'],
    [
      ['a', 9, 'x'],
      ['b', 2, 'y'],
    ],
    { onConflict: 'ignore' },
  );
  assert.deepEqual(raw.prepare('SELECT * FROM evidence ORDER BY sha256').all(), [
    { sha256: 'a', size: 1, stored_at: ODD },
    { sha256: 'b', size: 2, stored_at: 'y' },
  ]);
  raw.close();
});

test('the PostgreSQL bulk path (COPY) keeps text byte for byte and skips existing keys with ignore', async (t) => {
  const url = databaseUrl('postgres');
  if (!url) return t.skip('no PostgreSQL under test');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      'CREATE TEMP TABLE evidence (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, stored_at TEXT)',
    );
    const bulk = postgresBulk(client);
    assert.equal(
      await bulk.insert(
        'evidence',
        ['sha256', 'size', 'stored_at'],
        [
          ['a', 1, ODD],
          ['n', 3, null],
        ],
      ),
      2,
    );
    await bulk.insert(
      'evidence',
      ['sha256', 'size', 'stored_at'],
      [
        ['a', 9, 'x'],
        ['b', 2, 'y'],
      ],
      {
        onConflict: 'ignore',
      },
    );
    const rows = await client.query(
      'SELECT sha256, size::int AS size, stored_at FROM evidence ORDER BY sha256',
    );
    assert.deepEqual(rows.rows, [
      { sha256: 'a', size: 1, stored_at: ODD },
      { sha256: 'b', size: 2, stored_at: 'y' },
      { sha256: 'n', size: 3, stored_at: null },
    ]);
    await client.query('ROLLBACK');
  } finally {
    await client.end();
  }
});
