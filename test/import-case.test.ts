// SQLite only: how exports merge is the importer's; import-databases compares the rows on both databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yazl from 'yazl';
import { initCase } from '../src/app/init-case.js';
import { openCase, type CaseContext } from '../src/app/context.js';
import { importSources } from '../src/app/import-sources.js';
import { caseStats } from '../src/app/case-stats.js';
import { listChats } from '../src/app/list-chats.js';
import { verifyCase } from '../src/app/verify-case.js';
import { benignJpeg, dumpCase, msg, writeExport } from './import-factory.js';
import { caseFile } from './helpers/case-file.js';

const FIX = resolve('../shared/fixtures/telegram-real');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-imp-'));

async function newCase(): Promise<CaseContext> {
  const dir = join(tmp(), 'case');
  await initCase({ dir });
  return await openCase(dir);
}

const all = <T>(ctx: CaseContext, sql: string, ...args: unknown[]): T[] =>
  caseFile(ctx)
    .prepare(sql)
    .all(...args) as T[];

test('the 2020 and 2021 exports of one channel merge into one chat; re-import changes nothing', async () => {
  const ctx = await newCase();
  const r1 = await importSources(ctx, {
    paths: [join(FIX, 'tg2md-channel-2020'), join(FIX, 'tg2md-channel-2021')],
    tz: 'Europe/Moscow',
  });
  assert.deepEqual(
    r1.sources.map((s) => s.status),
    ['imported', 'imported'],
  );
  const chats = await listChats(ctx);
  assert.equal(chats.length, 1);
  assert.equal(chats[0]!.id, 'telegram:channel1292077344');
  assert.equal(chats[0]!.messages, 19);
  assert.equal(chats[0]!.sources.length, 2);
  const both = all<{ n: number }>(
    ctx,
    'SELECT count(*) AS n FROM message_in_source GROUP BY chat_id, message_id HAVING count(*) = 2',
  );
  assert.equal(both.length, 13);
  const before = dumpCase(ctx.paths.sqlite);
  const audit = all(ctx, 'SELECT * FROM audit_event').length;
  const r2 = await importSources(ctx, { paths: [join(FIX, 'tg2md-channel-2021')], tz: 'Europe/Moscow' });
  assert.equal(r2.sources[0]!.status, 'already-imported');
  assert.equal(r2.runId, null);
  assert.deepEqual(dumpCase(ctx.paths.sqlite), before);
  assert.equal(all(ctx, 'SELECT * FROM audit_event').length, audit);
  await ctx.close();
});

test('migrated history attaches to its supergroup, and the pre-migration export links to it', async () => {
  const ctx = await newCase();
  const dir = join(FIX, 'innerdvations-migrated-supergroup');
  await importSources(ctx, {
    paths: [join(dir, 'result.json'), join(dir, 'companion-private_group-before-migration.json')],
    tz: 'UTC',
  });
  const chats = await listChats(ctx);
  const sg = chats.find((c) => c.type === 'public_supergroup')!;
  assert.equal(sg.firstMessageId, -999678450);
  assert.equal(sg.migratedFrom, 'telegram:chat1410065407');
  const members = all<{ kind: string; member_name: string | null }>(
    ctx,
    'SELECT kind, member_name FROM membership WHERE chat_id = ? ORDER BY kind',
    sg.id,
  );
  assert.deepEqual(
    members.map((m) => m.kind),
    ['create', 'invite', 'posted'],
  );
  await ctx.close();
});

test('every fixture imports into one case; stats and chats agree; verify passes', async () => {
  const ctx = await newCase();
  const paths = Object.keys(JSON.parse(readFileSync(join(FIX, 'expectations.json'), 'utf8')) as object)
    .filter((n) => !n.includes('html'))
    .map((n) => join(FIX, n));
  const r = await importSources(ctx, { paths, tz: 'Europe/Paris' });
  assert.equal(r.sources.length, 6);
  const s = await caseStats(ctx);
  assert.equal(s.sources, 6);
  assert.equal(s.chats, 5);
  assert.equal(s.messages, 4 + 7 + 21 + 8 + 19);
  assert.equal(s.serviceMessages, 3 + 2 + 1 + 2 + 1);
  assert.equal(s.knownMedia + s.newMedia + s.targets, 0);
  assert.ok(s.members >= s.actors && s.actors > 0);
  assert.ok(r.issues.some((i) => i.code === 'MEDIA_MISSING'));
  assert.equal((await verifyCase(ctx)).ok, true);
  await ctx.close();
});

test('two accounts export one supergroup: overlap merges, the edit keeps both versions, media are stored once', async () => {
  const root = tmp();
  const jpg = await benignJpeg(1);
  const chat = (messages: unknown[]): unknown => ({
    name: 'Garden club',
    type: 'private_supergroup',
    id: 1777000001,
    messages,
  });
  const t = 1_700_000_000;
  const m1 = msg(1, t, 'Alice', 'user101', 'hello');
  const m2 = msg(2, t + 60, 'Bob', 'user102', 'look', {
    photo: 'photos/photo_1@x.jpg',
    width: 24,
    height: 24,
  });
  const m3 = msg(3, t + 120, 'Alice', 'user101', 'typo');
  const m3e = msg(3, t + 120, 'Alice Smith', 'user101', 'fixed', {
    edited: 'x',
    edited_unixtime: String(t + 300),
  });
  const m4 = msg(4, t + 400, 'Carol', 'user103', 'bye');
  const a = writeExport(join(root, 'a'), chat([m1, m2, m3]), { 'photos/photo_1@x.jpg': jpg });
  const b = writeExport(join(root, 'b'), chat([m2, m3e, m4]), { 'photos/photo_1@x.jpg': jpg });
  const ctx = await newCase();
  await importSources(ctx, { paths: [a], account: 'UC-1' });
  await importSources(ctx, { paths: [b], account: 'UC-2' });
  const rows = all<{ message_id: number; text: string; n: number }>(
    ctx,
    'SELECT m.message_id, m.text, count(s.source_id) AS n FROM message m JOIN message_in_source s USING (chat_id, message_id) GROUP BY m.message_id ORDER BY 1',
  );
  assert.deepEqual(
    rows.map((r) => [r.message_id, r.text, r.n]),
    [
      [1, 'hello', 1],
      [2, 'look', 2],
      [3, 'fixed', 2],
      [4, 'bye', 1],
    ],
  );
  const versions = all<{ text: string }>(
    ctx,
    'SELECT text FROM message_version WHERE message_id = 3 ORDER BY edited_utc IS NOT NULL, edited_utc',
  );
  assert.deepEqual(
    versions.map((v) => v.text),
    ['typo', 'fixed'],
  );
  assert.deepEqual(
    all<{ label: string }>(ctx, 'SELECT label FROM source ORDER BY label').map((r) => r.label),
    ['UC-1', 'UC-2'],
  );
  const names = all<{ name: string }>(
    ctx,
    `SELECT DISTINCT name FROM actor_name WHERE actor_id = 'telegram:user101' ORDER BY name`,
  );
  assert.deepEqual(
    names.map((n) => n.name),
    ['Alice', 'Alice Smith'],
  );
  const s = await caseStats(ctx);
  assert.equal(s.media, 1);
  assert.equal(s.images, 1);
  assert.equal(s.actors, 3);
  assert.equal(all(ctx, 'SELECT * FROM media_occurrence').length, 2);
  assert.equal((await verifyCase(ctx)).ok, true);
  await ctx.close();
});

test('a zip of an export imports like the folder (same source), full-account exports keep their metadata', async () => {
  const root = tmp();
  const t = 1_700_000_000;
  const full = {
    about: 'Here is the data you requested.',
    personal_information: {
      user_id: 555,
      first_name: 'Under',
      last_name: 'Cover',
      phone_number: '+00 000',
      username: '@uc',
    },
    contacts: {
      about: 'x',
      list: [
        {
          user_id: 777,
          first_name: 'Ann',
          last_name: '',
          phone_number: '+00 111',
          date: '2023-01-01T00:00:00',
          date_unixtime: '1672531200',
        },
      ],
    },
    chats: {
      about: 'chats',
      list: [
        {
          name: 'Ann',
          type: 'personal_chat',
          id: 777,
          messages: [
            msg(10, t, 'Ann', 'user777', 'hi'),
            msg(11, t + 5, 'Under Cover', 'user555', 'hey', {
              photo: 'chats/chat_1/photos/p.jpg',
              width: 24,
              height: 24,
            }),
          ],
        },
        {
          name: 'Club',
          type: 'private_group',
          id: 4242,
          messages: [
            {
              id: 12,
              type: 'service',
              date: '2023-11-14T22:13:20',
              date_unixtime: String(t),
              actor: 'Ann',
              actor_id: 'user777',
              action: 'invite_members',
              members: ['Bob', null],
              text: '',
              text_entities: [],
            },
          ],
        },
      ],
    },
    left_chats: {
      about: 'left',
      list: [
        {
          name: 'Old channel',
          type: 'public_channel',
          id: 99,
          messages: [msg(5, t - 100, 'Under Cover', 'user555', 'mine')],
        },
      ],
    },
  };
  const dir = writeExport(join(root, 'DataExport_2023-11-15'), full, {
    'chats/chat_1/photos/p.jpg': await benignJpeg(7),
  });
  const zipPath = join(root, 'export.zip');
  await new Promise<void>((res, rej) => {
    const z = new yazl.ZipFile();
    z.addFile(join(dir, 'result.json'), 'DataExport_2023-11-15/result.json');
    z.addFile(join(dir, 'chats/chat_1/photos/p.jpg'), 'DataExport_2023-11-15/chats/chat_1/photos/p.jpg');
    z.outputStream.pipe(createWriteStream(zipPath)).on('close', res).on('error', rej);
    z.end();
  });
  const ctx = await newCase();
  const r = await importSources(ctx, { paths: [zipPath], account: 'UC-9' });
  assert.equal(r.sources[0]!.status, 'imported');
  assert.equal(r.issues.length, 0);
  const again = await importSources(ctx, { paths: [dir] });
  assert.equal(again.sources[0]!.status, 'already-imported');
  const meta = JSON.parse(
    all<{ metadata: string }>(ctx, 'SELECT metadata FROM source')[0]!.metadata,
  ) as Record<string, Record<string, unknown>>;
  assert.equal(meta['shape'] as unknown, 'full-account');
  assert.equal(
    meta['extra']!['personal_information'] &&
      (meta['extra']!['personal_information'] as Record<string, unknown>)['user_id'],
    555,
  );
  assert.ok(meta['extra']!['contacts']);
  const origins = all<{ chat_id: string; origin: string }>(
    ctx,
    'SELECT chat_id, origin FROM chat_source ORDER BY chat_id',
  );
  assert.deepEqual(
    origins.map((o) => [o.chat_id, o.origin]),
    [
      ['telegram:channel99', 'left_chats.list[0]'],
      ['telegram:chat4242', 'chats.list[1]'],
      ['telegram:user777', 'chats.list[0]'],
    ],
  );
  const inv = all<{ member_name: string; by_actor_id: string }>(
    ctx,
    `SELECT member_name, by_actor_id FROM membership WHERE kind = 'invite'`,
  );
  assert.deepEqual(inv, [{ member_name: 'Bob', by_actor_id: 'telegram:user777' }]);
  assert.equal((await caseStats(ctx)).images, 1);
  await ctx.close();
});

test('per-account ids of a basic group that collide are kept apart as versions and reported', async () => {
  const root = tmp();
  const t = 1_700_000_000;
  const group = (messages: unknown[]): unknown => ({
    name: 'Family',
    type: 'private_group',
    id: 4242,
    messages,
  });
  const a = writeExport(join(root, 'a'), group([msg(603440, t, 'Ann', 'user1', 'dinner at 8')]));
  const b = writeExport(join(root, 'b'), group([msg(603440, t + 999, 'Bob', 'user2', 'other message')]));
  const ctx = await newCase();
  await importSources(ctx, { paths: [a] });
  const r = await importSources(ctx, { paths: [b] });
  assert.deepEqual(
    r.issues.map((i) => i.code),
    ['MESSAGE_ID_COLLISION'],
  );
  const row = caseFile(ctx).prepare('SELECT text FROM message').get() as { text: string };
  assert.equal(row.text, 'dinner at 8');
  assert.equal(all(ctx, 'SELECT * FROM message_version').length, 2);
  await ctx.close();
});
