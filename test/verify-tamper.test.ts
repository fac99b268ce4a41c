// SQLite only: tampering by SQL on case.sqlite; verify-databases runs the same kinds of tampering on both.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  buildBaseCase,
  CHAT,
  copyCase,
  tamper,
  verify,
  type BaseCase,
  type JsonFinding,
} from './verify-tamper-fixture.js';

let base: BaseCase;
before(async () => {
  base = await buildBaseCase();
});

/** Verify a tampered copy: exit 2, CASE_TAMPERED on stderr, and the first finding matching `want`. */
async function caught(dir: string, want: Partial<JsonFinding>, replay = false): Promise<JsonFinding> {
  const r = await verify(dir, replay);
  assert.equal(r.code, 2, JSON.stringify(r.findings));
  assert.equal(r.ok, false);
  const f = r.findings.find((x) => Object.entries(want).every(([k, v]) => x[k as keyof JsonFinding] === v));
  assert.ok(f, `no finding like ${JSON.stringify(want)} in ${JSON.stringify(r.findings, null, 1)}`);
  assert.match(r.stderr, /CASE_TAMPERED: /);
  return f;
}

test('verify: the untampered case (overlapping imports, link, returns, hash list, hash/match/analyse) is OK', async () => {
  const r = await verify(base.dir);
  assert.deepEqual(r.findings, []);
  assert.equal(r.code, 0);
  // Every import, the return and the hash list recorded a row digest; the link re-recorded the HTML source's.
  const raw = new Database(join(base.dir, 'case.sqlite'), { readonly: true });
  const events = raw.prepare('SELECT command, details FROM audit_event ORDER BY seq').all() as {
    command: string;
    details: string;
  }[];
  raw.close();
  for (const e of events.filter((x) => ['import', 'returns add', 'hashlist add'].includes(x.command)))
    assert.match(e.details, /"rowDigest":\{"digest":"[0-9a-f]{64}"/, e.command);
  assert.ok(events.some((e) => e.command === 'rows' && /"after":\{"command":"link"/.test(e.details)));
});

test('verify --replay: the untampered case rebuilt from its evidence agrees row for row, derived tables too', async () => {
  const r = await verify(base.dir, true);
  assert.deepEqual(r.findings, []);
  assert.equal(r.code, 0);
});

test('verify: a message text edited in case.sqlite is named (chat, message, field)', async () => {
  const dir = copyCase(base);
  tamper(dir, `UPDATE message SET text = 'changed' WHERE chat_id = ? AND message_id = 1`, CHAT);
  const f = await caught(dir, { table: 'message', chat: CHAT, message: 1, field: 'text' });
  assert.equal(f.kind, 'row-changed');
  assert.deepEqual([f.expected, f.found], ['hello', 'changed']);
});

test('verify: a message author edited is named', async () => {
  const dir = copyCase(base);
  tamper(dir, `UPDATE message SET author_id = 'telegram:user789' WHERE chat_id = ? AND message_id = 4`, CHAT);
  const f = await caught(dir, { table: 'message', chat: CHAT, message: 4, field: 'author_id' });
  assert.deepEqual([f.expected, f.found], ['telegram:user456', 'telegram:user789']);
});

test('verify: a message date edited is named', async () => {
  const dir = copyCase(base);
  tamper(dir, `UPDATE message SET date_utc = date_utc + 3600000 WHERE chat_id = ? AND message_id = 6`, CHAT);
  await caught(dir, { table: 'message', chat: CHAT, message: 6, field: 'date_utc', kind: 'row-changed' });
});

test('verify: a deleted message is named as missing', async () => {
  const dir = copyCase(base);
  tamper(dir, `DELETE FROM message WHERE chat_id = ? AND message_id = 1`, CHAT);
  await caught(dir, { table: 'message', chat: CHAT, message: 1, kind: 'row-missing' });
});

test('verify: a forged message is named, whether it claims a source or none', async () => {
  const dir = copyCase(base);
  tamper(
    dir,
    `INSERT INTO message (chat_id, message_id, type, author_id, date_utc, text, version_hash, raw, source_id)
     SELECT chat_id, 99, type, author_id, date_utc + 1, 'forged', '', '{}', source_id FROM message WHERE chat_id = ? AND message_id = 1`,
    CHAT,
  );
  await caught(dir, { table: 'message', chat: CHAT, message: 99, kind: 'row-added' });
  const orphan = copyCase(base);
  tamper(
    orphan,
    `INSERT INTO message (chat_id, message_id, type, date_utc, text, version_hash, raw) VALUES (?, 98, 'message', 0, 'forged', '', '{}')`,
    CHAT,
  );
  await caught(orphan, { check: 'orphans', table: 'message', chat: CHAT, message: 98 });
});

test('verify: a media occurrence re-pointed to another media is named', async () => {
  const dir = copyCase(base);
  tamper(
    dir,
    `UPDATE media_occurrence SET sha256 = ? WHERE chat_id = ? AND message_id = 2`,
    base.photo3,
    CHAT,
  );
  const f = await caught(dir, { table: 'media_occurrence', chat: CHAT, message: 2, field: 'sha256' });
  assert.deepEqual([f.expected, f.found], [base.photo2, base.photo3]);
});

test('verify: an altered hash-list entry is named', async () => {
  const dir = copyCase(base);
  tamper(dir, `UPDATE hash_list_entry SET value = ? WHERE line = 2`, 'f'.repeat(32));
  const f = await caught(dir, { table: 'hash_list_entry', source: 'hashlist:known@1' });
  assert.match(f.detail, /hash_list_entry row/);
});

test("verify: a hash list's role turned from alert to ignore, or the whole list deleted, is named", async () => {
  const dir = copyCase(base);
  tamper(dir, `UPDATE hash_list SET role = 'ignore' WHERE name = 'known'`);
  const f = await caught(dir, { table: 'hash_list', field: 'role' });
  assert.deepEqual([f.expected, f.found], ['alert', 'ignore']);
  const gone = copyCase(base);
  tamper(gone, `DELETE FROM match`);
  tamper(gone, `DELETE FROM hash_list_entry`);
  tamper(gone, `DELETE FROM hash_list_version`);
  tamper(gone, `DELETE FROM hash_list`);
  await caught(gone, { table: 'hash_list', kind: 'row-missing', source: 'hashlist:known@1' });
});

test('verify: an evidence file deleted together with its evidence row is caught', async () => {
  const dir = copyCase(base);
  tamper(dir, 'DELETE FROM evidence WHERE sha256 = ?', base.photo3);
  rmSync(join(dir, 'evidence', base.photo3.slice(0, 2), base.photo3.slice(2, 4), base.photo3), {
    force: true,
  });
  const f = await caught(dir, { check: 'evidence', table: 'media', expected: base.photo3 });
  assert.match(f.detail, new RegExp(`names evidence ${base.photo3}`));
});

test('verify: dropped append-only triggers are named', async () => {
  const dir = copyCase(base);
  tamper(dir, 'DROP TRIGGER audit_event_no_delete');
  await caught(dir, { check: 'append-only', kind: 'trigger-missing', field: 'audit_event_no_delete' });
});

test("verify: case.json's home changed is named against the init event", async () => {
  const dir = copyCase(base);
  const file = join(dir, 'case.json');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace('"home": "FR"', '"home": "DE"').replace('"home":"FR"', '"home":"DE"'),
  );
  const f = await caught(dir, { check: 'case-json', field: 'home' });
  assert.deepEqual([f.expected, f.found], ['FR', 'DE']);
});

test('verify: an altered return row is named', async () => {
  const dir = copyCase(base);
  tamper(dir, `UPDATE return_row SET ip = '203.0.113.9' WHERE line = 2`);
  const f = await caught(dir, { table: 'return_row', field: 'ip' });
  assert.deepEqual([f.expected, f.found], ['192.0.2.10', '203.0.113.9']);
});

test('verify --replay: an altered match distance and an altered score are named', async () => {
  const dir = copyCase(base);
  tamper(dir, 'UPDATE match SET distance = distance + 3');
  tamper(dir, 'UPDATE score SET total = total + 1 WHERE rank = 1');
  await caught(dir, { check: 'replay', table: 'match', field: 'distance' }, true);
  await caught(dir, { check: 'replay', table: 'score', field: 'total' }, true);
});
