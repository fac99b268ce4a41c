// Hashing as jobs on a PostgreSQL case: `vigie hash --jobs` queues one job per batch (twice adds nothing), two
// `vigie worker` processes share them (every job done once, the signals those of an in-process `vigie hash`), the
// worker finishing the last job closes the run with its `hash` audit event; a killed worker's job is retried.
// Runs once `vigie import` and the hashing work on a PostgreSQL case (skipped, saying so, before).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { benignJpeg, msg, writeExport } from './import-factory.js';
import { CLI, runCli, type CliResult } from './helpers/cli.js';
import { DATABASES, initArgs } from './helpers/databases.js';
import { casePaths, readCaseInfo } from '../src/store/case-folder.js';
import { openCase } from '../src/app/context.js';
import type { JobsReport } from '../src/app/list-jobs.js';
import type { RunWorkerReport } from '../src/app/run-worker.js';
import { HASH_QUEUE } from '../src/store/postgres/jobs.js';

const skip = DATABASES.includes('postgres') ? false : 'no PostgreSQL server under test';
const t0 = 1_700_000_000;
type SignalRow = [string, string, string, string];

/** A chat with `n` benign generated photos of `size` pixels. */
async function photoExport(dir: string, n: number, size: number): Promise<string> {
  const messages = [];
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < n; i++) {
    const photo = `photos/p${i}.jpg`;
    files[photo] = await benignJpeg(500 + i, size);
    messages.push(msg(i + 1, t0 + i, 'A', 'user1', `photo ${i}`, { photo, width: size, height: size }));
  }
  return writeExport(dir, { name: 'Photos', type: 'private_supergroup', id: 77, messages }, files);
}

async function ok(args: string[]): Promise<CliResult> {
  const r = await runCli(args);
  assert.equal(r.code, 0, `vigie ${args.join(' ')}: ${r.stderr}`);
  return r;
}
/** Run a command that may not run on a PostgreSQL case yet (verify, stats): true when it ran and passed. */
async function okUnlessNotYet(t: TestContext, args: string[]): Promise<CliResult | null> {
  const r = await runCli(args);
  if (r.code !== 0 && /does not run on a PostgreSQL case yet/.test(r.stderr)) {
    t.diagnostic(`vigie ${args[0]} does not run on a PostgreSQL case yet: not checked`);
    return null;
  }
  assert.equal(r.code, 0, `vigie ${args.join(' ')}: ${r.stderr}`);
  return r;
}
const json = async <T>(args: string[]): Promise<T> => JSON.parse((await ok([...args, '--json'])).stdout) as T;

/** A PostgreSQL case with the export imported, or null (test skipped) while import does not run there yet. */
async function pgCase(t: TestContext, root: string, src: string): Promise<string | null> {
  const dir = join(root, 'pg');
  await ok(['init', dir, ...initArgs('postgres')]);
  const r = await runCli(['import', '--account', 'UC-T', '--case', dir, src]);
  if (r.code !== 0 && /does not run on a PostgreSQL case yet/.test(r.stderr)) {
    t.skip('vigie import does not run on a PostgreSQL case yet');
    return null;
  }
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

/** The states of the case's hashing jobs, read from pg-boss's table (`<schema>_jobs.job`). */
async function jobStates(dir: string): Promise<string[]> {
  const db = readCaseInfo(casePaths(dir)).database!;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const r = await client.query<{ state: string }>(
      `SELECT state::text AS state FROM "${db.schema}_jobs".job WHERE name = $1 ORDER BY id`,
      [HASH_QUEUE],
    );
    return r.rows.map((x) => x.state);
  } finally {
    await client.end();
  }
}

async function pgSignals(dir: string): Promise<SignalRow[]> {
  const db = readCaseInfo(casePaths(dir)).database!;
  const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
  await client.connect();
  try {
    const r = await client.query<{ sha256: string; type: string; convention: string; value: string }>(
      'SELECT sha256, type, convention, value FROM signal ORDER BY sha256, type, convention, value',
    );
    return r.rows.map((x) => [x.sha256, x.type, x.convention, x.value]);
  } finally {
    await client.end();
  }
}

/** The signals an in-process `vigie hash` gives the same export (an embedded SQLite case). */
async function referenceSignals(root: string, src: string): Promise<SignalRow[]> {
  const dir = join(root, 'ref');
  await ok(['init', dir]);
  await ok(['import', '--account', 'UC-T', '--case', dir, src]);
  await ok(['hash', '--case', dir]);
  const db = new Database(join(dir, 'case.sqlite'), { readonly: true });
  try {
    return (
      db
        .prepare(
          'SELECT sha256, type, convention, value FROM signal ORDER BY sha256, type, convention, value',
        )
        .all() as { sha256: string; type: string; convention: string; value: string }[]
    ).map((x) => [x.sha256, x.type, x.convention, x.value]);
  } finally {
    db.close();
  }
}

async function hashRunOf(dir: string): Promise<{ status: string; closing: number }> {
  const jobs = await json<JobsReport>(['jobs', '--case', dir]);
  assert.equal(jobs.runs.length, 1);
  const ctx = await openCase(dir, { readonly: true });
  try {
    const closing = (await ctx.store.audit.list()).filter(
      (e) => e.command === 'hash' && e.subject === jobs.runs[0]!.runId,
    ).length;
    return { status: jobs.runs[0]!.status, closing };
  } finally {
    await ctx.close();
  }
}

test(
  '[postgres] two workers share the queued batches: each job done once, signals as in-process hashing, the run closed once',
  { skip },
  async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-workers-'));
    const src = await photoExport(join(root, 'src'), 24, 48);
    const dir = await pgCase(t, root, src);
    if (!dir) return;
    const first = await json<{ jobs: number; unhashed: number; runId: string }>([
      'hash',
      '--case',
      dir,
      '--jobs',
      '--batch',
      '5',
    ]);
    assert.deepEqual([first.unhashed, first.jobs], [24, 5]);
    const again = await json<{ jobs: number; alreadyQueued: number; runId: string | null }>([
      'hash',
      '--case',
      dir,
      '--jobs',
      '--batch',
      '5',
    ]);
    assert.deepEqual(
      [again.jobs, again.alreadyQueued, again.runId],
      [0, 24, null],
      'enqueuing twice adds nothing',
    );
    const before = await json<JobsReport>(['jobs', '--case', dir]);
    assert.deepEqual(before.jobs, { queued: 5, active: 0, completed: 0, failed: 0, retried: 0 });
    const workers = await Promise.all(
      [1, 2].map(() => runCli(['worker', '--case', dir, '--until-idle', '--json'])),
    );
    const reports = workers.map((w) => {
      assert.equal(w.code, 0, w.stderr);
      return JSON.parse(w.stdout) as RunWorkerReport;
    });
    assert.equal(reports[0]!.jobs + reports[1]!.jobs, 5, 'every job taken once');
    assert.equal(reports[0]!.hashed + reports[1]!.hashed, 24, 'every media hashed once');
    assert.deepEqual(
      reports.flatMap((r) => r.closedRuns),
      [first.runId],
      'one worker closed the run',
    );
    const after = await json<JobsReport>(['jobs', '--case', dir]);
    assert.deepEqual(after.jobs, { queued: 0, active: 0, completed: 5, failed: 0, retried: 0 });
    assert.deepEqual([after.runs[0]!.media, after.runs[0]!.mediaDone], [24, 24]);
    assert.deepEqual(await hashRunOf(dir), { status: 'ok', closing: 1 });
    assert.deepEqual(await pgSignals(dir), await referenceSignals(root, src));
    await okUnlessNotYet(t, ['verify', '--case', dir]);
  },
);

test(
  "[postgres] a killed worker's job is handed to another worker after its expiry and done",
  { skip },
  async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'vigie-killed-'));
    const src = await photoExport(join(root, 'src'), 30, 768);
    const dir = await pgCase(t, root, src);
    if (!dir) return;
    await ok(['hash', '--case', dir, '--jobs', '--batch', '30', '--job-expiry', '2']);
    const victim = spawn(process.execPath, [CLI, 'worker', '--case', dir], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => victim.on('exit', r));
    // Kill it once it holds the job (before it could finish 30 large photos). The job's state is read from the
    // queue's table every 20 ms: a `vigie jobs` process per look took longer than the worker needed for the job.
    try {
      for (let i = 0; ; i++) {
        const states = await jobStates(dir);
        if (states.includes('active')) break;
        assert.ok(
          i < 1000 && !states.includes('completed'),
          `the worker took the job (${states.join(', ')})`,
        );
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      victim.kill('SIGKILL');
      await exited;
    }
    const held = await json<JobsReport>(['jobs', '--case', dir]);
    assert.equal(held.jobs.active, 1, 'the dead worker still holds its job');
    const r = await ok(['worker', '--case', dir, '--until-idle', '--json']);
    const report = JSON.parse(r.stdout) as RunWorkerReport;
    assert.equal(report.jobs, 1);
    const after = await json<JobsReport>(['jobs', '--case', dir]);
    assert.deepEqual(after.jobs, { queued: 0, active: 0, completed: 1, failed: 0, retried: 1 });
    assert.deepEqual(await hashRunOf(dir), { status: 'ok', closing: 1 });
    const st = await okUnlessNotYet(t, ['stats', '--case', dir, '--json']);
    if (st) {
      const stats = JSON.parse(st.stdout) as { hashed: number; media: number };
      assert.deepEqual([stats.hashed, stats.media], [30, 30]);
    }
    await okUnlessNotYet(t, ['verify', '--case', dir]);
  },
);

test('[sqlite] hash --jobs, worker and jobs refuse an embedded case with USAGE, naming the in-process way', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigie-nojobs-')), 'c');
  await ok(['init', dir]);
  for (const args of [
    ['hash', '--case', dir, '--jobs'],
    ['worker', '--case', dir, '--until-idle'],
    ['jobs', '--case', dir],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^USAGE: .*needs a case on PostgreSQL.*run `vigie hash`/, r.stderr);
  }
});
