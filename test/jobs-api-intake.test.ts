// Jobs from the browser on one SQLite case (docs/workbench-jobs.md): imports from the intake directory end with
// the CLI's figures, one job at a time per case with progress events in order, a cancelled hash leaves a case that
// verifies and a later hash does the rest, paths out of the intake are refused, a CLI writer gives CASE_BUSY.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli.js';
import { caseSql } from './helpers/case-sql.js';
import { jobsApi, type JobsApi } from './helpers/jobs-api.js';
import { openCase } from '../src/app/context.js';
import { generateCase } from '../src/demo/index.js';
import type { Job } from '../src/contracts/jobs.js';

process.env['VIGIE_BUSY_TIMEOUT_MS'] = '300';
const root = mkdtempSync(join(tmpdir(), 'vigie-jobs-api-'));
const casesDir = join(root, 'cases');
const intake = join(root, 'demo', 'exports');
const caseDir = join(casesDir, 'c1');
const JOBS = '/api/v1/cases/c1/jobs';
let api: JobsApi;
let folders: string[] = [];

before(async () => {
  // The demo's exports only (no case): the intake of this file.
  await generateCase({ out: join(root, 'demo'), scale: 'small', seed: 1, videos: false });
  mkdirSync(casesDir);
  for (const c of ['c1', 'cli']) {
    const r = await runCli(['init', join(casesDir, c)]);
    assert.equal(r.code, 0, r.stderr);
  }
  // An export outside the intake, reachable through a symbolic link inside it.
  cpSync(join(intake, 'UC-C'), join(root, 'outside'), { recursive: true });
  symlinkSync(join(root, 'outside'), join(intake, 'link'));
  api = await jobsApi(casesDir, intake, [
    { name: 'ana', role: 'analyst', cases: ['c1'] },
    { name: 'sam', role: 'supervisor', cases: ['c1'] },
    { name: 'lia', role: 'liaison', cases: ['c1'] },
    { name: 'eve', role: 'analyst', cases: [] },
  ]);
});

after(async () => {
  await api.app.close();
  rmSync(root, { recursive: true, force: true });
});

const post = (who: string | null, body: unknown) => api.call(who, 'POST', JOBS, body);
const codeOf = (json: unknown): string => (json as { error: { code: string } }).error.code;

test('the intake lists its exports by name; names out of it are refused', async () => {
  const r = await api.call('ana', 'GET', '/api/v1/intake');
  assert.equal(r.status, 200);
  folders = (r.json as { items: string[] }).items;
  assert.equal(folders.length, 10, folders.join(', '));
  assert.ok(
    folders.every((f) => /^UC-[A-D]\/(Chat|Data)Export_/.test(f)),
    'the linked folder is not offered',
  );
  for (const folder of ['../outside', '/etc', 'UC-A/../../outside', 'link/ChatExport_2026-11-14'])
    assert.deepEqual([folder, (await post('ana', { kind: 'import', folder })).status], [folder, 400]);
  const out = await post('ana', { kind: 'import', folder: 'link/ChatExport_2026-11-14' });
  assert.equal(codeOf(out.json), 'IMPORT_UNSAFE_PATH');
  assert.equal((await post('ana', { kind: 'import', folder: 'UC-Z' })).status, 404);
  assert.equal((await post('ana', { kind: 'hash', folder: 'UC-A' })).status, 400, 'folder is for imports');
});

test('401 without a session, 403 for a liaison or a person without the case', async () => {
  assert.equal((await post(null, { kind: 'hash' })).status, 401);
  assert.equal((await post('lia', { kind: 'hash' })).status, 403);
  assert.equal((await api.call('lia', 'GET', JOBS)).status, 200, 'a liaison may follow jobs');
  assert.equal((await post('eve', { kind: 'hash' })).status, 403);
  assert.equal((await api.call('eve', 'GET', JOBS)).status, 403);
  assert.equal((await api.call('ana', 'GET', `${JOBS}/nosuchjob`)).status, 404);
});

test('imports run one at a time, with progress in order, and end with the figures of vigie import', async () => {
  const account = (f: string): string => f.split('/')[0]!;
  const ids: string[] = [];
  for (const folder of folders) {
    const r = await post('ana', { kind: 'import', folder, account: account(folder), tz: '+01:00' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    ids.push((r.json as { id: string }).id);
  }
  // Follow the last job from now, while it still waits behind the others (a subscriber that comes after the end
  // gets the state and the end only).
  const following = api.events('ana', 'c1', ids.at(-1)!);
  const listed = (await api.call('ana', 'GET', JOBS)).json as { items: Job[] };
  assert.ok(listed.items.filter((j) => j.state === 'running').length <= 1, 'one job at a time');
  assert.equal(listed.items.at(-1)?.id, ids[0], 'newest first');
  const events = await following;
  assert.equal(events[0]?.event, 'state');
  assert.equal(events.at(-1)?.event, 'end');
  const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as { done: number });
  assert.ok(progress.length > 0, 'progress events');
  assert.deepEqual(
    progress,
    [...progress].sort((a, b) => a.done - b.done),
    'in order',
  );
  const jobs = await Promise.all(ids.map((id) => api.until('ana', 'c1', id, () => false)));
  for (let i = 1; i < jobs.length; i++)
    assert.ok(jobs[i]!.startedAt! >= jobs[i - 1]!.endedAt!, 'each job waited for the one before');
  // The same folders imported by the CLI into another case give the same figures.
  const cli: unknown[] = [];
  for (const acc of [...new Set(folders.map(account))]) {
    const paths = folders.filter((f) => account(f) === acc).map((f) => join(intake, f));
    const args = ['import', '--case', join(casesDir, 'cli'), '--json', '--account', acc, '--tz', '+01:00'];
    const r = await runCli([...args, ...paths]);
    assert.equal(r.code, 0, r.stderr);
    cli.push(...(JSON.parse(r.stdout) as { sources: unknown[] }).sources);
  }
  assert.deepEqual(
    jobs.map((j) => [j.state, j.by, (j.result as { sources: unknown[] }).sources[0]]),
    cli.map((s) => ['done', 'ana', s]),
  );
});

test('a cancelled hash job stops at a safe point, the case verifies, a later hash does the rest', async () => {
  const r = await post('ana', { kind: 'hash' });
  const id = (r.json as { id: string }).id;
  const running = await api.until('ana', 'c1', id, (j) => (j.progress?.done ?? 0) > 0);
  assert.equal(running.state, 'running', 'still running when cancelled');
  const c = await api.call('sam', 'POST', `${JOBS}/${id}/cancel`);
  assert.equal(c.status, 200);
  const ended = (await api.events('ana', 'c1', id)).at(-1)!.data as Job;
  assert.deepEqual([ended.state, ended.cancelledBy, ended.error?.code], ['cancelled', 'sam', 'CANCELLED']);
  const { done, total } = ended.progress!;
  assert.ok(total !== null && done < total, `${done} of ${total}`);
  const runs = await caseSql(caseDir, "SELECT status, stats FROM pipeline_run WHERE stage = 'hash'");
  assert.deepEqual(
    runs.map((x) => x['status']),
    ['interrupted'],
  );
  const verify = await runCli(['verify', '--case', caseDir]);
  assert.equal(verify.code, 0, verify.stderr + verify.stdout);
  const again = (await post('ana', { kind: 'hash' })).json as { id: string };
  const rest = (await api.events('ana', 'c1', again.id)).at(-1)!.data as Job;
  assert.equal(rest.state, 'done', JSON.stringify(rest.error));
  assert.equal(rest.result?.['total'], total - done, 'the rest, not again what was committed');
  const ctx = await openCase(caseDir, { readonly: true });
  try {
    const audit = (await ctx.store.audit.list()).filter((e) => e.command.startsWith('job '));
    assert.deepEqual(
      audit.filter((e) => e.subject === id).map((e) => [e.command, e.user]),
      [
        ['job start', 'ana'],
        ['job cancel', 'sam'],
      ],
    );
  } finally {
    await ctx.close();
  }
});

test('a CLI writer holding the case: the job fails with CASE_BUSY naming it, the server goes on', async () => {
  const lock = join(caseDir, 'locks', `${process.pid}-cli.json`);
  const since = '2026-01-02T03:04:05.000Z';
  writeFileSync(
    lock,
    JSON.stringify({ pid: process.pid, host: hostname(), command: 'vigie import', user: 'ana', since }),
  );
  const holder = new Database(join(caseDir, 'case.sqlite'));
  holder.exec('BEGIN IMMEDIATE');
  let busy: Job;
  try {
    const id = ((await post('ana', { kind: 'match' })).json as { id: string }).id;
    busy = (await api.events('ana', 'c1', id)).at(-1)!.data as Job;
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
    rmSync(lock);
  }
  assert.equal(busy.state, 'failed');
  assert.equal(busy.error?.code, 'CASE_BUSY');
  assert.match(busy.error?.message ?? '', /held by `vigie import`/);
  const id = ((await post('sam', { kind: 'match' })).json as { id: string }).id;
  const ok = (await api.events('sam', 'c1', id)).at(-1)!.data as Job;
  assert.equal(ok.state, 'done', JSON.stringify(ok.error));
  assert.match(ok.summary ?? '', /^match: \d+ exact and \d+ PDQ matches$/);
});
