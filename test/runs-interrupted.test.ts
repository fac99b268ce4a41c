// `vigie hash` killed with kill -9: the read-only `vigie runs` shows its run `interrupted` (holder gone) without
// writing anything, a live holder that may own the run keeps it `running`, and the next writer records it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { CLI, runCli } from './helpers/cli.js';
import { caseSql } from './helpers/case-sql.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';
import { runHolderGone, type LockInfo } from '../src/store/case-lock.js';

interface JsonRun {
  id: string;
  stage: string;
  status: string;
  recordedStatus: string;
  interruptedBy: string | null;
  startedAt: string;
}

const cases = new Map<TestDatabase, string>();

before(async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-runs-kill-'));
  // Enough media that hashing outlasts the moment its run is seen (≈ 1 s of work on one worker).
  const files: Record<string, Buffer> = {};
  const messages = [];
  for (let i = 0; i < 150; i++) {
    files[`photos/p${i}.jpg`] = await benignJpeg(i, 96);
    messages.push(msg(i + 1, 1_700_000_000 + i * 60, 'Ana', 'user1', `m${i}`, { photo: `photos/p${i}.jpg` }));
  }
  const exp = writeExport(
    join(root, 'e'),
    { name: 'K', type: 'private_supergroup', id: 51, messages },
    files,
  );
  const dir = join(root, 'case');
  for (const args of [
    ['init', dir],
    ['--case', dir, 'import', exp, '--account', 'me'],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 0, r.stderr);
  }
  for (const kind of DATABASES) cases.set(kind, await caseOn(kind, dir));
});

/** Start `vigie hash` and kill -9 it as soon as its run is recorded `running`. */
async function killHashMidway(dir: string): Promise<void> {
  const child = spawn(process.execPath, [CLI, '--case', dir, 'hash', '--workers', '1'], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: 'ignore',
  });
  const closed = new Promise<string | null>((res) => child.on('close', (_c, signal) => res(signal)));
  let ended = false;
  void closed.then(() => (ended = true));
  while (!ended) {
    const rows = await caseSql(dir, `SELECT status FROM pipeline_run WHERE stage = 'hash'`);
    if (rows.some((r) => r['status'] === 'running')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  assert.equal(await closed, 'SIGKILL', 'hash was killed before it finished (it finished first: more media)');
}

async function runs(dir: string): Promise<JsonRun[]> {
  const r = await runCli(['--case', dir, '--json', 'runs']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonRun[];
}

const lockFiles = (dir: string): string[] =>
  existsSync(join(dir, 'locks')) ? readdirSync(join(dir, 'locks')) : [];

test('runHolderGone: only a live holder on this host whose lock is dated after the run cannot own it', () => {
  const at = '2026-12-07T10:00:00.000Z';
  const h = (since: string, host = hostname()): LockInfo => ({
    pid: 1,
    host,
    command: 'vigie x',
    user: 'u',
    since,
  });
  assert.equal(runHolderGone(at, []), true);
  assert.equal(runHolderGone(at, [h('2026-12-07T10:00:01.000Z')]), true);
  assert.equal(runHolderGone(at, [h(at)]), false, 'a lock taken in the same millisecond may own the run');
  assert.equal(runHolderGone(at, [h('2026-12-07T09:59:59.000Z')]), false);
  assert.equal(
    runHolderGone(at, [h('2026-12-07T10:00:01.000Z', 'elsewhere')]),
    false,
    'another host: unknown',
  );
  assert.equal(runHolderGone(at, [h('soon')]), false, 'an unreadable date: unknown');
});

for (const kind of DATABASES)
  test(`[${kind}] a killed hash shows interrupted (holder gone) in the read-only listing; the next writer records it`, async () => {
    const dir = cases.get(kind)!;
    await killHashMidway(dir);
    const stale = lockFiles(dir);
    assert.equal(stale.length, 1, "the killed process's lock file is left behind");

    const [run] = (await runs(dir)).filter((r) => r.stage === 'hash');
    assert.ok(run);
    assert.deepEqual(
      [run.status, run.recordedStatus, run.interruptedBy],
      ['interrupted', 'running', 'holder gone'],
    );
    const text = await runCli(['--case', dir, 'runs']);
    assert.match(text.stdout, /interrupted \(holder gone\)/);
    // Read-only: the database still says running, the stale lock file is still there.
    const [row] = await caseSql(dir, 'SELECT status FROM pipeline_run WHERE id = ?', run.id);
    assert.equal(row?.['status'], 'running');
    assert.deepEqual(lockFiles(dir), stale);

    // A live process (this test's) holding the case since before the run might be its owner: still running.
    const live = join(dir, 'locks', `${process.pid}-live.json`);
    const info = (since: string): string =>
      JSON.stringify({ pid: process.pid, host: hostname(), command: 'vigie serve', user: 'bo', since });
    writeFileSync(live, info('2000-01-01T00:00:00.000Z'));
    assert.equal((await runs(dir)).find((r) => r.id === run.id)?.status, 'running');
    // One that took the case after the run started cannot be: interrupted again.
    writeFileSync(live, info(new Date().toISOString()));
    assert.equal((await runs(dir)).find((r) => r.id === run.id)?.interruptedBy, 'holder gone');
    rmSync(live);

    // The next writer records it (audit event), and the listing agrees, now from the database.
    const w = await runCli(['--case', dir, 'source', 'label', 'src-', 'K']);
    assert.match(w.stderr, new RegExp(`run ${run.id} was interrupted`));
    const after = (await runs(dir)).find((r) => r.id === run.id);
    assert.deepEqual(
      [after?.status, after?.recordedStatus, after?.interruptedBy],
      ['interrupted', 'interrupted', null],
    );
    const ev = await caseSql(dir, `SELECT subject FROM audit_event WHERE command = 'interrupted'`);
    assert.deepEqual(ev, [{ subject: run.id }]);
    assert.deepEqual(lockFiles(dir), [], 'the writer removed the stale lock file');
  });
