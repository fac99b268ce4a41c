// SQLite only: the busy timeout and the writer lock are SQLite's (PostgreSQL's racing writers: concurrency-cli).
// Two writers on one case: the second waits up to $VIGIE_BUSY_TIMEOUT_MS, then CASE_BUSY names the holder from its
// lock file (stale lock files of dead processes are ignored); two concurrent imports both land or one says busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { initCase } from '../src/app/init-case.js';
import { openCase } from '../src/app/context.js';
import { verifyCase } from '../src/app/verify-case.js';
import { msg, writeExport } from './import-factory.js';
import { runCli } from './helpers/cli.js';
import { caseFile } from './helpers/case-file.js';

const t = 1_700_000_000;
const noStack = (stderr: string): void => assert.doesNotMatch(stderr, /INTERNAL|\n\s+at /, stderr);

function exportOf(dir: string, id: number, n: number): string {
  const messages = [];
  for (let i = 0; i < n; i++) messages.push(msg(i + 1, t + i, 'A', 'user1', `chat ${id} message ${i}`));
  return writeExport(dir, { name: `G${id}`, type: 'private_supergroup', id, messages });
}

function lockFile(caseDir: string, name: string, pid: number, command: string): string {
  const file = join(caseDir, 'locks', name);
  writeFileSync(
    file,
    JSON.stringify({ pid, host: hostname(), command, user: 'ana', since: '2026-01-02T03:04:05.000Z' }),
  );
  return file;
}

test('a case held by another writer: CASE_BUSY naming it after the timeout; a stale lock is ignored', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-busy-'));
  const dir = join(root, 'case');
  await initCase({ dir });
  await (await openCase(dir)).close(); // creates locks/
  const src = exportOf(join(root, 'e1'), 11, 20);
  // A dead process's lock file, and a live holder (this test process) in the middle of a write transaction.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const stale = lockFile(dir, `${dead}-dead.json`, dead, 'vigie hash');
  const live = lockFile(dir, `${process.pid}-live.json`, process.pid, 'vigie import');
  const holder = new Database(join(dir, 'case.sqlite'));
  holder.exec('BEGIN IMMEDIATE');
  try {
    const r = await runCli(['import', '--account', 'UC-T', '--case', dir, src], {
      VIGIE_BUSY_TIMEOUT_MS: '300',
    });
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `^CASE_BUSY: .*case: the case is busy, held by \`vigie import\` \\(pid ${process.pid}, user ana, since 2026-01-02T03:04:05.000Z\\); waited 300 ms`,
      ),
    );
    assert.doesNotMatch(r.stderr, /vigie hash/, 'the dead holder is not named');
    noStack(r.stderr);
    assert.equal(existsSync(stale), false, 'the stale lock file was removed');
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  const again = await runCli(['import', '--account', 'UC-T', '--case', dir, src], {
    VIGIE_BUSY_TIMEOUT_MS: '300',
  });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(readdirSync(join(dir, 'locks')), [live.split('/').pop()], 'the CLI removed its own lock');
});

test('two imports at once into one case: each lands or says CASE_BUSY, and the case verifies', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-two-'));
  const dir = join(root, 'case');
  await initCase({ dir });
  const a = exportOf(join(root, 'a'), 21, 3000);
  const b = exportOf(join(root, 'b'), 22, 3000);
  const env = { VIGIE_BUSY_TIMEOUT_MS: '20000' };
  const [ra, rb] = await Promise.all([
    runCli(['import', '--account', 'UC-T', '--case', dir, a], env),
    runCli(['import', '--account', 'UC-T', '--case', dir, b], env),
  ]);
  for (const r of [ra, rb]) {
    noStack(r.stderr);
    if (r.code !== 0) assert.match(r.stderr, /^CASE_BUSY: .*held by `vigie import` \(pid \d+/);
  }
  assert.ok(ra.code === 0 || rb.code === 0, `${ra.stderr}\n${rb.stderr}`);
  const ctx = await openCase(dir, { readonly: true });
  try {
    assert.equal((await verifyCase(ctx)).ok, true);
    const n = (caseFile(ctx).prepare('SELECT count(*) AS n FROM source').get() as { n: number }).n;
    assert.equal(n, [ra, rb].filter((r) => r.code === 0).length, 'every import that said so landed');
    const running = caseFile(ctx).prepare(`SELECT id FROM pipeline_run WHERE status = 'running'`).all();
    assert.deepEqual(running, []);
  } finally {
    await ctx.close();
  }
  assert.deepEqual(readdirSync(join(dir, 'locks')), [], 'no lock file left');
});
