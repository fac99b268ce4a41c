import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fieldOfHeader, parseReturns } from '../src/formats/returns.js';
import { isAppError } from '../src/domain/errors.js';
import { runCli } from './helpers/cli.js';
import { caseDigest } from './helpers/case-digest.js';

test('header names platforms use for time, IP, phone and account are recognised, with prefixes and _utc suffixes', () => {
  const cases: [string, string][] = [
    ['Login Timestamp (UTC)', 'seen_at'],
    ['timestamp_utc', 'seen_at'],
    ['Session Start UTC', 'seen_at'],
    ['event_time', 'seen_at'],
    ['Date/Time', 'seen_at'],
    ['created_at', 'seen_at'],
    ['access-time-gmt', 'seen_at'],
    ['Last Login IP', 'ip'],
    ['IP Address', 'ip'],
    ['client_ip', 'ip'],
    ['IPv6', 'ip'],
    ['Subscriber Phone', 'phone'],
    ['MSISDN', 'phone'],
    ['Phone Number', 'phone'],
    ['Target Account ID', 'user_id'],
    ['Account Identifier', 'user_id'],
    ['User ID', 'user_id'],
    ['Country Code', 'phone_country'],
  ];
  for (const [h, f] of cases) assert.equal(fieldOfHeader(h)?.field, f, h);
  for (const h of ['User Agent', 'Port', 'Notes']) assert.equal(fieldOfHeader(h), null, h);
  const csv =
    'Target Account ID,Login Timestamp (UTC),Last Login IP,Port\n123,2024-03-01 10:00:00,5.1.2.3,443\n';
  const { rows, issues } = parseReturns(csv, 'r.csv');
  assert.equal(rows[0]!.seenAt, Date.UTC(2024, 2, 1, 10));
  assert.equal(rows[0]!.ip, '5.1.2.3');
  assert.deepEqual(
    issues.map((i) => [i.code, i.severity, i.location]),
    [['RETURNS_UNKNOWN_COLUMNS', 'warning', 'line 1']],
  );
  assert.match(
    issues[0]!.message,
    /columns not read: Port; if one holds phone, phone_country, name it with --map "Port=phone"/,
  );
});

test('an unknown time column: the unknown columns are listed with a --map hint and the rows without time counted', () => {
  const csv = 'user_id,horodatage,ip\n1,2024-03-01T10:00:00Z,5.1.2.3\n2,2024-03-01T11:00:00Z,5.1.2.4\n';
  const { rows, issues } = parseReturns(csv, 'r.csv');
  assert.equal(rows.length, 2);
  const codes = issues.map((i) => i.code);
  assert.deepEqual(codes, ['RETURNS_UNKNOWN_COLUMNS', 'RETURNS_ROW_NO_TIME']);
  assert.match(issues[0]!.message, /columns not read: horodatage; .*--map "horodatage=seen_at"/);
  assert.match(
    issues[1]!.message,
    /2 of 2 rows have no time \(no time column was recognised: name it with --map COLUMN=seen_at\)/,
  );
  const mapped = parseReturns(csv, 'r.csv', 'horodatage=seen_at');
  assert.deepEqual(mapped.issues, []);
  assert.equal(mapped.rows[1]!.seenAt, Date.UTC(2024, 2, 1, 11));
  const some = parseReturns('user_id,time\n1,\n2,2024-03-01T11:00:00Z\n3,\n', 'r.csv');
  assert.deepEqual(
    some.issues.map((i) => [i.code, i.location, i.message]),
    [['RETURNS_ROW_NO_TIME', 'file', '2 of 3 rows have no time (its "time" cell is empty)']],
  );
});

test('deeply nested JSON returns: INPUT_TOO_DEEP, not a stack overflow', () => {
  const deep = `[{"user_id":1,"x":${'['.repeat(100000)}${']'.repeat(100000)}}]`;
  assert.throws(
    () => parseReturns(deep, 'r.json'),
    (e) =>
      isAppError(e, 'INPUT_TOO_DEEP') &&
      /r\.json: character \d+: nested deeper than 32 levels/.test(e.message),
  );
  const { rows } = parseReturns('[{"user_id":1,"tags":["a",{"b":2}]}]', 'r.json');
  assert.equal(rows[0]!.raw['tags'], '["a",{"b":2}]');
});

test('CLI: warnings do not change the exit code; a refused return leaves the case dump identical', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-strict-ret-'));
  const c = join(dir, 'case');
  assert.equal((await runCli(['init', c])).code, 0);
  const f = join(dir, 'r.csv');
  writeFileSync(f, 'user_id,horodatage\n1,2024-03-01T10:00:00Z\n');
  const r = await runCli(['--case', c, 'returns', 'add', f]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /RETURNS_ROW_NO_TIME: r\.csv: file: 1 of 1 rows have no time/);
  const before = caseDigest(c);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, `[{"user_id":1,"x":${'['.repeat(5000)}${']'.repeat(5000)}}]`);
  const b = await runCli(['--case', c, 'returns', 'add', bad]);
  assert.equal(b.code, 2, b.stderr);
  assert.match(b.stderr, /INPUT_TOO_DEEP: bad\.json: character \d+/);
  assert.equal(caseDigest(c), before);
});
