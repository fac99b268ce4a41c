import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReturns, parseSeenAt, normaliseUserId } from '../src/formats/returns.js';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { addReturns } from '../src/app/add-returns.js';
import { importSources } from '../src/app/import-sources.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { msg, writeExport } from './import-factory.js';
import { isAppError } from '../src/domain/errors.js';

test('CSV returns: default column names, quotes, CRLF, time formats', () => {
  const csv =
    'User ID,Phone,IP Address,Time\r\n123,+380501234567,5.1.2.3,2024-03-01T10:00:00Z\r\n"telegram:user456","+48 512 345 678",2001:db8::1,1709287200\r\nuser789,,,2024-03-01 12:00:00\r\n';
  const { rows, issues } = parseReturns(csv, 'r.csv');
  assert.deepEqual(issues, []);
  assert.deepEqual(
    rows.map((r) => r.userId),
    ['telegram:user123', 'telegram:user456', 'telegram:user789'],
  );
  assert.equal(rows[0]!.seenAt, Date.UTC(2024, 2, 1, 10));
  assert.equal(rows[1]!.seenAt, 1709287200000);
  assert.equal(rows[2]!.seenAt, Date.UTC(2024, 2, 1, 12), 'no offset: UTC');
  assert.equal(rows[1]!.ip, '2001:db8::1');
  assert.equal(rows[2]!.line, 4);
  assert.equal(normaliseUserId('telegram:user1'), 'telegram:user1');
  assert.equal(parseSeenAt('2024-03-01T12:00:00+02:00'), Date.UTC(2024, 2, 1, 10));
});

test('--map names other columns; JSON rows are accepted', () => {
  const csv = 'acct;msisdn;login_addr;when;cc\n42;0612345678;8.8.8.8;2024-01-01T00:00:00Z;FR\n';
  const { rows } = parseReturns(
    csv,
    'r.csv',
    'acct=user_id,msisdn=phone,login_addr=ip,when=seen_at,cc=phone_country',
  );
  assert.equal(rows[0]!.userId, 'telegram:user42');
  assert.equal(rows[0]!.phoneCountry, 'FR');
  assert.equal(rows[0]!.ip, '8.8.8.8');
  const json = JSON.stringify([{ user_id: 7, ip: '1.1.1.1', seen_at: '2024-01-01T00:00:00Z' }]);
  assert.equal(parseReturns(json, 'r.json').rows[0]!.userId, 'telegram:user7');
});

test('bad rows become issues naming file and line; structural errors throw naming file and line', () => {
  const csv =
    'user_id,ip,seen_at\n1,999.1.1.1,yesterday\n,1.2.3.4,2024-01-01T00:00:00Z\n2,1.2.3.4,2024-01-01T00:00:00Z\n';
  const { rows, issues } = parseReturns(csv, 'r.csv');
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.ip, null);
  assert.deepEqual(
    issues.map((i) => `${i.code} ${i.source} ${i.location}`),
    ['RETURNS_BAD_IP r.csv line 2', 'RETURNS_BAD_TIME r.csv line 2', 'RETURNS_ROW_NO_USER r.csv line 3'],
  );
  assert.throws(
    () => parseReturns('phone,ip\n1,2\n', 'r.csv'),
    (e) => isAppError(e, 'RETURNS_INVALID') && /r\.csv: line 1: no platform user id/.test(e.message),
  );
  assert.throws(
    () => parseReturns('user_id,ip\n1,2,3\n', 'r.csv'),
    (e) => isAppError(e, 'RETURNS_INVALID') && /r\.csv: line 2/.test(e.message),
  );
  assert.throws(
    () => parseReturns('[{"user_id": 1}', 'r.json'),
    (e) => isAppError(e, 'RETURNS_INVALID') && /r\.json/.test(e.message),
  );
  assert.throws(
    () => parseReturns('user_id\n1\n', 'r.csv', 'nope=user_id'),
    (e) => isAppError(e, 'RETURNS_INVALID') && /nope/.test(e.message),
  );
  assert.throws(
    () => parseReturns('user_id\n1\n', 'r.csv', 'a=colour'),
    (e) => isAppError(e, 'USAGE'),
  );
});

for (const kind of DATABASES)
  test(`[${kind}] returns add: source of kind returns, file in the evidence store, rows kept for unknown accounts, audited, idempotent`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-returns-'));
    const dir = join(root, 'c');
    await initCase({ dir, home: 'FR', database: databaseUrl(kind) });
    const file = join(root, 'return.csv');
    writeFileSync(
      file,
      'user_id,phone,ip,seen_at\n123,+33612345678,8.8.8.8,2024-01-01T00:00:00Z\n456,,bad-ip,2024-01-01T00:00:00Z\n',
    );
    const exp = writeExport(join(root, 'export'), {
      name: 'Club',
      type: 'private_supergroup',
      id: 1777000002,
      messages: [msg(1, 1_700_000_000, 'Ann', 'user123', 'hello')],
    });
    const ctx = await openCase(dir);
    try {
      await importSources(ctx, { paths: [exp] });
      const r = await addReturns(ctx, { file });
      assert.equal(r.rows, 2);
      assert.deepEqual(r.unknownAccounts, ['telegram:user456']);
      assert.equal(r.issues.length, 1);
      assert.ok(ctx.evidence.has(r.sha256));
      const rows = await ctx.store.sources.listReturnRows();
      assert.deepEqual(
        rows.map((x) => [x.userId, x.actorId, x.line, x.phone, x.ip]),
        [
          ['telegram:user123', 'telegram:user123', 2, '+33612345678', '8.8.8.8'],
          ['telegram:user456', null, 3, null, null],
        ],
      );
      const src = (await ctx.store.sources.listSources()).find((x) => x.id === r.source);
      assert.equal(src?.kind, 'returns');
      const events = await ctx.store.audit.list();
      const added = events.find((e) => e.command === 'returns add' && e.subject === r.source);
      assert.ok(added);
      const digest = (await ctx.store.integrity.sourceRowDigest(r.source))?.digest;
      assert.equal((JSON.parse(added.details) as { rowDigest: { digest: string } }).rowDigest.digest, digest);
      const runs = await ctx.store.runs.list();
      assert.deepEqual(
        runs.map((x) => [x.stage, x.status]),
        [
          ['import', 'ok'],
          ['returns', 'issues'],
        ],
      );
      const again = await addReturns(ctx, { file });
      assert.equal(again.alreadyAdded, true);
      assert.equal((await ctx.store.sources.listReturnRows()).length, 2);
      assert.equal((await ctx.store.runs.list()).length, 2);
      await assert.rejects(addReturns(ctx, { file: join(dir, 'missing.csv') }), (e) =>
        isAppError(e, 'FILE_NOT_FOUND'),
      );
    } finally {
      await ctx.close();
    }
  });
