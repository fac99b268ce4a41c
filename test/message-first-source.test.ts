import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { openCaseDb } from '../src/store/sqlite/db.js';
import { MIGRATIONS } from '../src/store/migrations/index.js';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { telegramJson } from '../src/pipeline/import/telegram-json/index.js';
import { packForWriter } from '../src/pipeline/import/pack.js';
import { unpackMessage } from '../src/domain/message-row.js';
import { jsonVersionHash } from '../src/domain/version-hash.js';
import { packedVersionHash } from '../src/store/version-hash.js';
import { caseSql } from './helpers/case-sql.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-first-source-'));
const chat = (messages: unknown[]): Record<string, unknown> => ({
  name: 'Pond club',
  type: 'private_supergroup',
  id: 1500000001,
  messages,
});
const T = 1_700_000_000;

/** A query's rows as arrays of values, integers as numbers on either database (PostgreSQL's bigint is a string). */
async function valuesOf(dir: string, sql: string): Promise<unknown[][]> {
  return (await caseSql(dir, sql)).map((r) =>
    Object.values(r).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)),
  );
}

for (const kind of DATABASES)
  test(`[${kind}] one source: no message_source rows, message.source_id and the view name it; a second source adds both rows`, async () => {
    const root = tmp();
    const a = writeExport(
      join(root, 'a'),
      chat([msg(1, T, 'Ann', 'user11', 'hello'), msg(2, T + 5, 'Bo', 'user12', 'tea')]),
    );
    const b = writeExport(
      join(root, 'b'),
      chat([msg(2, T + 5, 'Bo', 'user12', 'tea'), msg(3, T + 9, 'Ann', 'user11', 'lamp')]),
    );
    const dir = join(root, 'case');
    await initCase({ dir, database: databaseUrl(kind) });
    const ctx = await openCase(dir);
    const all = (sql: string): Promise<unknown[][]> => valuesOf(dir, sql);
    const [ra] = (await importSources(ctx, { paths: [a], account: 'UC-1' })).sources;
    assert.deepEqual(await all('SELECT count(*) FROM message_source'), [[0]]);
    assert.deepEqual(await all('SELECT message_id, source_id FROM message ORDER BY 1'), [
      [1, ra!.sourceId],
      [2, ra!.sourceId],
    ]);
    assert.deepEqual(await all('SELECT message_id, source_id FROM message_in_source ORDER BY 1'), [
      [1, ra!.sourceId],
      [2, ra!.sourceId],
    ]);
    const [rb] = (await importSources(ctx, { paths: [b], account: 'UC-2' })).sources;
    // Message 2 is in both sources: the first source's row is materialised before the second's is added.
    assert.deepEqual(
      await all('SELECT message_id, source_id FROM message_source ORDER BY 1, 2'),
      [
        [2, ra!.sourceId],
        [2, rb!.sourceId],
      ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    );
    assert.deepEqual(
      await all('SELECT message_id, count(*) FROM message_in_source GROUP BY message_id ORDER BY 1'),
      [
        [1, 1],
        [2, 2],
        [3, 1],
      ],
    );
    assert.deepEqual(await all('SELECT message_id, source_id FROM message WHERE message_id = 3'), [
      [3, rb!.sourceId],
    ]);
    await ctx.close();
  });

// SQLite only: it migrates an old case.sqlite file forward.
test('migration 7 fills message.source_id with the earliest source of a case written before it', () => {
  const file = join(tmp(), 'case.sqlite');
  const raw = new Database(file);
  raw.exec(`CREATE TABLE schema_migration (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, vigie_version TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  for (const m of MIGRATIONS.filter((x) => x.version <= 6)) {
    raw.exec(m.sql);
    raw
      .prepare('INSERT INTO schema_migration VALUES (?, ?, ?, ?)')
      .run(m.version, m.name, '0.0.0-test', '2026-01-01T00:00:00Z');
  }
  const src = raw.prepare(
    `INSERT INTO source (id, kind, sha256, original_path, imported_at, tool_version) VALUES (?, 'telegram-json', ?, 'x', ?, '0')`,
  );
  src.run('src-b', 'b'.repeat(64), '2026-01-01T00:00:00Z');
  src.run('src-a', 'a'.repeat(64), '2026-02-01T00:00:00Z');
  raw.exec(`INSERT INTO chat (id, platform) VALUES ('telegram:channel1', 'telegram');
    INSERT INTO message (chat_id, message_id, type, version_hash, raw) VALUES ('telegram:channel1', 7, 'message', 'v', '{}');
    INSERT INTO message_source VALUES ('telegram:channel1', 7, 'src-a', 'v'), ('telegram:channel1', 7, 'src-b', 'v');`);
  raw.close();
  const db = openCaseDb(file);
  const rows = (sql: string): unknown[] => db.raw.prepare(sql).raw().all();
  assert.deepEqual(rows('SELECT source_id FROM message'), [['src-b']], 'imported first, not first by id');
  assert.deepEqual(rows('SELECT source_id FROM message_in_source ORDER BY 1'), [['src-a'], ['src-b']]);
  assert.deepEqual(rows(`SELECT name FROM sqlite_master WHERE name = 'message_date'`), []);
  db.close();
});

for (const kind of DATABASES)
  test(`[${kind}] a version hash computed late from the stored row equals the one computed from the export, for every JSON message`, async () => {
    const root = tmp();
    const jpeg = await benignJpeg(3);
    const synthetic = writeExport(
      join(root, 'synthetic'),
      chat([
        msg(1, T, 'Ann', 'user11', 'photo', {
          photo: 'photos/a.jpg',
          width: 24,
          height: 24,
          photo_file_size: jpeg.length,
        }),
        msg(2, T + 1, 'Bo', 'user12', [{ type: 'bold', text: 'doc' }, ' here'], {
          file: 'files/d.bin',
          file_name: 'd.bin',
          mime_type: 'application/octet-stream',
          thumbnail: '(File not included. Change data exporting settings to download.)',
          media_type: 'video_file',
          duration_seconds: 3,
        }),
        msg(3, T + 2, 'Ann', 'user11', '', {
          poll: {
            question: 'Tea?',
            closed: false,
            total_voters: 2,
            answers: [{ text: 'yes', voters: 2, chosen: false }],
          },
          reactions: [{ type: 'emoji', count: 1, emoji: '+' }],
        }),
        msg(4, T + 3, 'Bo', 'user12', 'edited', {
          edited: '2023-11-20T00:00:00',
          edited_unixtime: String(T + 99),
        }),
        msg(5, T + 4, 'Ann', 'user11', '', {
          contact_information: { first_name: 'Lamp', last_name: '', phone_number: '+33100000000' },
          contact_vcard: 'contacts/c.vcf',
        }),
        msg(6, T + 5, 'Bo', 'user12', 'a "quoted" \\ line\nnext', {
          reply_to_message_id: 1,
          via_bot: '@bot',
        }),
      ]),
      { 'photos/a.jpg': jpeg, 'files/d.bin': 'doc', 'contacts/c.vcf': 'BEGIN:VCARD' },
    );
    const FIX = resolve('../shared/fixtures/telegram-real');
    const exports = [
      synthetic,
      ...readdirSync(FIX, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(FIX, d.name, 'result.json')))
        .map((d) => join(FIX, d.name)),
    ];
    let compared = 0;
    for (const path of exports) {
      const dir = join(tmp(), 'case');
      await initCase({ dir, database: databaseUrl(kind) });
      const ctx = await openCase(dir);
      await importSources(ctx, { paths: [path], tz: 'Europe/Paris' });
      const hashes = new Map(
        (await valuesOf(dir, 'SELECT chat_id, message_id, version_hash FROM message')).map(([c, id, h]) => [
          `${String(c)} ${String(id)}`,
          h,
        ]),
      );
      const src = telegramJson.detect(path)!;
      for (const ev of telegramJson.read(src, { tz: 'Europe/Paris' })) {
        if (ev.type !== 'message') continue;
        const m = ev.message;
        const eager = jsonVersionHash({ ...m, time: m.date.utc ?? m.date.local });
        assert.equal(
          packedVersionHash(unpackMessage(packForWriter(m))),
          eager,
          `${path} message ${m.messageId}: packed`,
        );
        if (hashes.get(`${m.chatId} ${m.messageId}`) !== '') continue;
        assert.equal(
          await ctx.store.sources.fillVersionHash(m.chatId, m.messageId),
          eager,
          `${path} message ${m.messageId}`,
        );
        compared++;
      }
      await ctx.close();
    }
    assert.ok(compared >= 75, `compared ${compared}`);
  });
