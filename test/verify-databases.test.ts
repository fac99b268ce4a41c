/** The same tampering caught with the same findings on SQLite and PostgreSQL (the base case copied onto each). */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { DATABASES, databaseUrl, type TestDatabase } from './helpers/databases.js';
import { caseExec, caseSql } from './helpers/case-sql.js';
import { buildBaseCase, CHAT, verify, type BaseCase, type JsonFinding } from './verify-tamper-fixture.js';

let base: BaseCase;
before(async () => {
  base = await buildBaseCase({ small: true });
  const key = await runCli(['keys', 'create', '--name', 'UNIT-V']); // signs the referral of the decisions test
  assert.equal(key.code, 0, key.stderr);
});

/** A copy of the base case on `kind` (through `vigie case copy`), to tamper with. */
async function copyOn(kind: TestDatabase): Promise<string> {
  const to = join(mkdtempSync(join(tmpdir(), `vigie-db-tamper-${kind}-`)), 'case');
  const url = databaseUrl(kind);
  const r = await runCli(['case', 'copy', base.dir, to, ...(url ? ['--database', url] : [])]);
  assert.equal(r.code, 0, r.stderr);
  return to;
}

/** Findings without what differs between two folders or databases (the case folder in messages). */
function comparable(dir: string, fs: readonly JsonFinding[]): JsonFinding[] {
  return fs
    .filter((f) => f.check !== 'replay')
    .map((f) => ({ ...f, detail: f.detail.split(dir).join('<case>') }))
    .map((f) =>
      f.table === 'pg_trigger' || f.table === 'sqlite_master'
        ? { ...f, table: '<catalogue>', expected: null, found: null }
        : f,
    );
}

/** Verify a tampered copy: exit 2 with CASE_TAMPERED (or the given code) on stderr; the comparable findings. */
async function caught(
  dir: string,
  code = /CASE_TAMPERED: /,
): Promise<{ findings: JsonFinding[]; stderr: string }> {
  const r = await verify(dir);
  assert.equal(r.code, 2, JSON.stringify(r.findings));
  assert.match(r.stderr, code);
  return { findings: comparable(dir, r.findings), stderr: r.stderr };
}

const seen = new Map<string, JsonFinding[]>();
/** The first database's findings for a tampering are the expected ones for the next database. */
function same(name: string, kind: TestDatabase, findings: JsonFinding[]): void {
  const first = seen.get(name);
  if (first) assert.deepEqual(findings, first, `${name}: ${kind} finds what the other database found`);
  else seen.set(name, findings);
}

for (const kind of DATABASES) {
  test(`[${kind}] verify: the copied base case verifies`, async () => {
    const dir = await copyOn(kind);
    const r = await verify(dir);
    assert.deepEqual(r.findings, []);
    assert.equal(r.code, 0);
  });

  test(`[${kind}] verify: a message text edited behind Vigie's back is named (CASE_TAMPERED)`, async () => {
    const dir = await copyOn(kind);
    await caseSql(dir, `UPDATE message SET text = 'changed' WHERE chat_id = ? AND message_id = 1`, CHAT);
    const r = await caught(dir);
    // The row digest check names the source and table on both databases; the row and field are named by the
    // replay, which rebuilds on the case's own kind of database (PostgreSQL: once import runs on the port).
    const f = r.findings.find((x) => x.table === 'message' && x.check === 'rows' && x.source);
    assert.ok(f, JSON.stringify(r.findings));
  });

  test(`[${kind}] verify: append-only triggers dropped and an audit event rewritten are caught`, async () => {
    const dir = await copyOn(kind);
    await caseExec(
      dir,
      kind === 'postgres'
        ? 'DROP TRIGGER audit_event_no_update ON audit_event; DROP TRIGGER audit_event_no_delete ON audit_event;'
        : 'DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;',
    );
    await caseSql(dir, `UPDATE audit_event SET subject = 'forged' WHERE seq = 2`);
    const r = await caught(dir, /AUDIT_CHAIN_BROKEN: audit event 2: its content does not match its hash/);
    assert.match(r.stderr, /CASE_TAMPERED: /);
    const dropped = r.findings.filter((f) => f.check === 'append-only').map((f) => [f.kind, f.field]);
    assert.deepEqual(dropped, [
      ['trigger-missing', 'audit_event_no_update'],
      ['trigger-missing', 'audit_event_no_delete'],
    ]);
    same('triggers', kind, r.findings);
  });

  test(`[${kind}] verify: a forged message no source holds, a dangling reference, a lost evidence row are named`, async () => {
    const dir = await copyOn(kind);
    await caseSql(
      dir,
      `INSERT INTO message (chat_id, message_id, type, date_utc, text, version_hash, raw) VALUES (?, 98, 'message', 0, 'forged', '', '{}')`,
      CHAT,
    );
    await caseSql(
      dir,
      `INSERT INTO chat_title (chat_id, title, source_id) VALUES ('telegram:channel9', 'Ghost', 'src-none')`,
    );
    await caseSql(dir, 'DELETE FROM evidence WHERE sha256 = ?', base.photo3);
    rmSync(join(dir, 'evidence', base.photo3.slice(0, 2), base.photo3.slice(2, 4), base.photo3), {
      force: true,
    });
    const r = await caught(dir);
    assert.match(r.stderr, /CASE_CORRUPT: 2 database row\(s\) name missing rows/);
    assert.ok(r.findings.some((f) => f.check === 'orphans' && f.message === 98));
    assert.ok(r.findings.some((f) => f.check === 'evidence' && f.expected === base.photo3));
    const out = await runCli(['--case', dir, 'verify']);
    assert.match(
      out.stdout,
      /DANGLING REFERENCE: chat_title row \(chat_id "telegram:channel9"\) names a missing chat/,
    );
    same('rows', kind, r.findings);
  });
}

for (const kind of DATABASES) {
  test(`[${kind}] verify: decisions written by each writer verify; a target decision, a category and a referral changed and an own-account mark deleted are named against their audit events`, async () => {
    const dir = await copyOn(kind);
    const actors = JSON.parse((await runCli(['--case', dir, '--json', 'actors'])).stdout) as { id: string }[];
    const [a, b] = actors.map((x) => x.id);
    assert.ok(a && b, 'the base case has two actors');
    // One decision through each writer (the check pairs rows with events by the writer's command name: a name
    // that drifted would leave the rows without their events, and the clean case would not verify).
    for (const args of [
      ['target', a, '--decide', 'reject', '--reason', 'not enough'],
      ['actor', b, '--undercover', '--reason', 'ours'],
      ['media', base.photo3, '--category', '1', '--tag', 't'],
      ['refer', a, '--to', 'DE', '--force', '--reason', 'test', '--out', `${dir}-package`],
    ]) {
      const r = await runCli(['--case', dir, ...args]);
      assert.equal(r.code, 0, r.stderr);
    }
    const clean = await verify(dir);
    assert.deepEqual(clean.findings, [], 'decisions made through Vigie verify');
    await caseSql(dir, `UPDATE target_decision SET decision = 'accept'`);
    for (const [table, trigger] of [
      ['own_account', 'own_account_no_delete'],
      ['media_decision', 'media_decision_no_update'],
      ['referral', 'referral_no_update'],
    ])
      await caseExec(dir, `DROP TRIGGER ${trigger}${kind === 'postgres' ? ` ON ${table}` : ''}`);
    await caseSql(dir, `DELETE FROM own_account`);
    await caseSql(dir, `UPDATE media_decision SET category = '2'`);
    await caseSql(dir, `UPDATE referral SET country = 'FR'`);
    const r = await caught(dir);
    const found = r.findings.filter((f) => f.check === 'decisions').map((f) => [f.table, f.kind, f.field]);
    assert.deepEqual(found, [
      ['target_decision', 'row-changed', 'decision'],
      ['media_decision', 'row-changed', 'category'],
      ['referral', 'row-changed', 'country'],
      ['own_account', 'row-missing', undefined],
    ]);
    const detail = (table: string): string => r.findings.find((f) => f.table === table)?.detail ?? '';
    assert.match(
      detail('target_decision'),
      /decision is "accept", audit event \d+ \(target decide\) recorded "reject"/,
    );
    assert.match(
      detail('media_decision'),
      new RegExp(
        `category of media ${base.photo3}: category is "2", audit event \\d+ \\(media categorise\\) recorded "1"`,
      ),
    );
    assert.match(
      detail('referral'),
      /^referral: referral \S+: country is "FR", audit event \d+ \(refer\) recorded "DE"/,
    );
    assert.match(
      detail('own_account'),
      new RegExp(`own-account mark of ${b} recorded by audit event \\d+ \\(actor undercover\\) is missing`),
    );
  });
}
