import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli.js';
import { auditHash, type AuditEvent } from '../src/store/audit.js';

const REAL = resolve('../shared/fixtures/telegram-real');
/** Import one more small real export: each import appends one audit event. */
const importArgs = (c: string, name: string): string[] => [
  '--case',
  c,
  'import',
  join(REAL, name),
  '--tz',
  'Europe/Paris',
  '--account',
  'UC-1',
];
const tmp = (): string => mkdtempSync(join(tmpdir(), 'vigie-anchor-'));

/** A private anchor folder and key folder for one test. */
function isolated(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tmp();
  return { dir, env: { VIGIE_ANCHOR_DIR: join(dir, 'anchors'), VIGIE_KEY_DIR: join(dir, 'keys') } };
}

/** init + two imports: a case whose audit trail has 3 events, all anchored. */
async function threeEventCase(env: NodeJS.ProcessEnv): Promise<string> {
  const c = join(tmp(), 'case');
  for (const args of [
    ['init', c],
    importArgs(c, 'mlomb-personal-chat'),
    importArgs(c, 'tg2md-channel-2020'),
  ]) {
    const r = await runCli(args, env);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  return c;
}

function journalOf(env: NodeJS.ProcessEnv): string {
  const dir = env['VIGIE_ANCHOR_DIR']!;
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  assert.equal(files.length, 1, `one journal in ${dir}`);
  return join(dir, files[0]!);
}

/** Run SQL on the case database with the append-only triggers dropped, then put the triggers back. */
function withoutTriggers(caseDir: string, fn: (raw: Database.Database) => void): void {
  const raw = new Database(join(caseDir, 'case.sqlite'));
  const triggers = raw
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_event'`)
    .all() as { name: string; sql: string }[];
  assert.equal(triggers.length, 2);
  for (const t of triggers) raw.exec(`DROP TRIGGER ${t.name}`);
  fn(raw);
  for (const t of triggers) raw.exec(t.sql);
  raw.close();
}

/** Rewrite events from `from` on with new hashes that chain correctly (a consistent forgery). */
function rewriteFrom(raw: Database.Database, from: number, change: (e: AuditEvent) => void): void {
  const events = raw.prepare('SELECT * FROM audit_event ORDER BY seq').all() as AuditEvent[];
  let prev = events[from - 2]?.hash ?? '0'.repeat(64);
  const upd = raw.prepare(
    'UPDATE audit_event SET user=@user, details=@details, prev_hash=@prev_hash, hash=@hash WHERE seq=@seq',
  );
  raw.exec('PRAGMA foreign_keys = OFF');
  for (const e of events.slice(from - 1)) {
    if (e.seq === from) change(e);
    e.prev_hash = prev;
    e.hash = auditHash(e);
    prev = e.hash;
    upd.run(e);
  }
}

test('verify prints the audit head; cutting the last audit events is caught at the anchored seq', async () => {
  const { env } = isolated();
  const c = await threeEventCase(env);
  const ok = await runCli(['--case', c, 'verify'], env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^audit head: seq 3 sha256 [0-9a-f]{64}$/m);
  assert.match(ok.stdout, /anchored: 3 lines in .*, last seq 3 at .*, unsigned/);
  const head = JSON.parse((await runCli(['--case', c, '--json', 'audit', 'head'], env)).stdout);
  assert.equal(head.head.seq, 3);

  withoutTriggers(c, (raw) => raw.prepare('DELETE FROM audit_event WHERE seq > 1').run());
  const cut = await runCli(['--case', c, 'verify'], env);
  assert.equal(cut.code, 2, cut.stdout);
  assert.match(
    cut.stderr,
    /AUDIT_TRUNCATED: the audit trail ends at seq 1 but seq 3 was anchored at .* after 'import'/,
  );
  assert.doesNotMatch(cut.stderr, /AUDIT_CHAIN_BROKEN/);
  assert.match(cut.stdout, /^audit head: seq 1 sha256 /m);
  const j = JSON.parse((await runCli(['--case', c, '--json', 'verify'], env)).stdout);
  assert.equal(j.ok, false);
  assert.equal(j.anchors.problems[0].code, 'AUDIT_TRUNCATED');
  assert.equal(j.anchors.lastAnchored.seq, 3);

  // Later commands do not paper over the cut: the new event 2 differs from the anchored event 2.
  assert.equal((await runCli(importArgs(c, 'tg2md-channel-2021'), env)).code, 0);
  const after = await runCli(['--case', c, 'verify'], env);
  assert.equal(after.code, 2);
  assert.match(after.stderr, /AUDIT_REWRITTEN: audit event 2 has hash [0-9a-f]{64} but was anchored as/);
});

test('a chain rewritten consistently from event 2 is caught: the hash at an anchored seq differs', async () => {
  const { env } = isolated();
  const c = await threeEventCase(env);
  withoutTriggers(c, (raw) => rewriteFrom(raw, 2, (e) => (e.user = 'someone-else')));
  const walk = await runCli(['--case', c, '--json', 'verify'], env);
  const r = JSON.parse(walk.stdout);
  assert.equal(r.brokenLink, null, 'the forged chain walks cleanly');
  assert.equal(walk.code, 2);
  assert.deepEqual(
    r.anchors.problems.map((p: { code: string }) => p.code),
    ['AUDIT_REWRITTEN', 'AUDIT_REWRITTEN'],
  );
  assert.match(walk.stderr, /AUDIT_REWRITTEN: audit event 2 has hash/);
});

test('a chain rewritten from event 1 (a new case id) is caught by the folder it was anchored from', async () => {
  const { env } = isolated();
  const c = await threeEventCase(env);
  withoutTriggers(c, (raw) => rewriteFrom(raw, 1, (e) => (e.user = 'someone-else')));
  const r = await runCli(['--case', c, 'verify'], env);
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /ANCHOR_CASE_MISMATCH: .* was anchored for another case/);
  // Running a command afterwards (which anchors the forged head) does not make it pass.
  assert.equal((await runCli(importArgs(c, 'tg2md-channel-2021'), env)).code, 0);
  const again = await runCli(['--case', c, 'verify'], env);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /ANCHOR_CASE_MISMATCH/);
});

test('signed anchors verify; a tampered signature or signed field is caught', async () => {
  const { env } = isolated();
  const key = await runCli(['--json', 'keys', 'create', '--name', 'UNIT-1'], env);
  assert.equal(key.code, 0, key.stderr);
  const fingerprint = JSON.parse(key.stdout).fingerprint as string;
  const c = await threeEventCase(env);
  const ok = JSON.parse((await runCli(['--case', c, '--json', 'verify'], env)).stdout);
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.anchors.signers, [{ fingerprint, name: 'UNIT-1' }]);
  assert.equal(ok.anchors.lastAnchored.key, fingerprint);

  const file = journalOf(env);
  const original = readFileSync(file, 'utf8');
  const lines = original.trimEnd().split('\n');
  const second = JSON.parse(lines[1]!);
  const sig = Buffer.from(second.sig, 'base64');
  sig[5] = sig[5]! ^ 1;
  lines[1] = JSON.stringify({ ...second, sig: sig.toString('base64') });
  writeFileSync(file, lines.join('\n') + '\n');
  const badSig = await runCli(['--case', c, 'verify'], env);
  assert.equal(badSig.code, 2);
  assert.match(
    badSig.stderr,
    /ANCHOR_SIGNATURE_INVALID: .*\.jsonl:2 \(seq 2\): signature by key [0-9a-f]{64} does not verify/,
  );

  lines[1] = JSON.stringify({ ...second, user: 'someone-else' });
  writeFileSync(file, lines.join('\n') + '\n');
  const badField = await runCli(['--case', c, 'verify'], env);
  assert.equal(badField.code, 2);
  assert.match(badField.stderr, /ANCHOR_SIGNATURE_INVALID: .*:2 \(seq 2\)/);

  writeFileSync(file, original);
  assert.equal((await runCli(['--case', c, 'verify'], env)).code, 0);
});

test('without a key the journal is unsigned and verifies; a missing journal is a warning only', async () => {
  const { dir, env } = isolated();
  const c = await threeEventCase(env);
  const r = JSON.parse((await runCli(['--case', c, '--json', 'verify'], env)).stdout);
  assert.equal(r.ok, true);
  assert.deepEqual(r.anchors.signers, []);
  assert.equal(r.anchors.lastAnchored.key, null);
  assert.equal(JSON.parse(readFileSync(journalOf(env), 'utf8').split('\n')[0]!).sig, undefined);

  const elsewhere = join(dir, 'other-machine');
  const moved = await runCli(['--case', c, '--anchor-dir', elsewhere, 'verify'], env);
  assert.equal(moved.code, 0, moved.stderr);
  assert.match(moved.stderr, /warning: no anchor journal for this case in .*other-machine/);
  // The unit's copy of the journal, named with --anchor-dir, is used.
  cpSync(env['VIGIE_ANCHOR_DIR']!, join(dir, 'unit-copy'), { recursive: true });
  withoutTriggers(c, (raw) => raw.prepare('DELETE FROM audit_event WHERE seq = 3').run());
  const copy = await runCli(['--case', c, '--anchor-dir', join(dir, 'unit-copy'), 'verify'], {
    ...env,
    VIGIE_ANCHOR_DIR: elsewhere,
  });
  assert.equal(copy.code, 2);
  assert.match(copy.stderr, /AUDIT_TRUNCATED: .*unit-copy/);
});

test('an unwritable journal fails the command with ANCHOR_FAILED, keeps the change, and the next command anchors it', async () => {
  const { dir, env } = isolated();
  const c = await threeEventCase(env);
  const blocked = join(dir, 'not-a-folder');
  writeFileSync(blocked, 'x');
  const r = await runCli(importArgs(c, 'tg2md-channel-2021'), { ...env, VIGIE_ANCHOR_DIR: blocked });
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /ANCHOR_FAILED: .*not-a-folder.*: cannot append to the anchor journal: .*the case keeps its changes \(.*audit head seq 4\)/,
  );
  const inside = await runCli(importArgs(c, 'innerdvations-private-channel'), {
    ...env,
    VIGIE_ANCHOR_DIR: join(c, 'derived', 'anchors'),
  });
  assert.equal(inside.code, 2);
  assert.match(
    inside.stderr,
    /ANCHOR_FAILED: .*derived\/anchors: the anchor folder is inside the case folder/,
  );
  const head = JSON.parse((await runCli(['--case', c, '--json', 'audit', 'head'], env)).stdout);
  assert.equal(head.head.seq, 5, 'both imports are in the audit trail');
  assert.equal(head.lastAnchored.seq, 3);
  // A torn line left by a crash is closed off and reported as a warning.
  appendFileSync(journalOf(env), '{"v":1,"case":"tor');
  assert.equal((await runCli(importArgs(c, 'innerdvations-saved-messages'), env)).code, 0);
  const v = await runCli(['--case', c, '--json', 'verify'], env);
  assert.equal(v.code, 0, v.stderr);
  assert.equal(JSON.parse(v.stdout).anchors.lastAnchored.seq, 6);
  assert.match(v.stderr, /warning: .*\.jsonl:4: unreadable line ignored/);
});
