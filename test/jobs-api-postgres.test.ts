// Jobs on a PostgreSQL case: two imports from the intake (real Telegram exports of ../shared/fixtures) queued one
// behind the other end with the figures of `vigie import` into a SQLite case; a `run` job follows; the case verifies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './helpers/cli.js';
import { initArgs } from './helpers/databases.js';
import { jobsApi } from './helpers/jobs-api.js';
import type { Job } from '../src/contracts/jobs.js';

const FIXTURES = resolve('../shared/fixtures/telegram-real');
const FOLDERS = ['innerdvations-private-channel', 'mlomb-personal-chat'];
const root = mkdtempSync(join(tmpdir(), 'vigie-jobs-pg-'));
after(() => rmSync(root, { recursive: true, force: true }));

test(
  'PostgreSQL: queued imports, then a run job, as the person who asked; the case verifies',
  {
    skip: process.env['VIGIE_TEST_PG'] ? false : 'no test PostgreSQL server',
  },
  async () => {
    const casesDir = join(root, 'cases');
    const intake = join(root, 'intake');
    mkdirSync(casesDir);
    for (const f of FOLDERS) cpSync(join(FIXTURES, f), join(intake, 'drop', f), { recursive: true });
    const caseDir = join(casesDir, 'p1');
    const init = await runCli(['init', caseDir, ...initArgs('postgres')]);
    assert.equal(init.code, 0, init.stderr);
    const api = await jobsApi(casesDir, intake, [{ name: 'ana', role: 'analyst', cases: ['p1'] }]);
    try {
      const listed = (await api.call('ana', 'GET', '/api/v1/intake')).json as { items: string[] };
      assert.deepEqual(
        listed.items,
        FOLDERS.map((f) => `drop/${f}`),
      );
      const ids: string[] = [];
      for (const folder of listed.items) {
        const r = await api.call('ana', 'POST', '/api/v1/cases/p1/jobs', {
          kind: 'import',
          folder,
          account: 'UC-1',
          tz: 'Europe/Paris',
        });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        ids.push((r.json as { id: string }).id);
      }
      const run = (await api.call('ana', 'POST', '/api/v1/cases/p1/jobs', { kind: 'run' })).json as {
        id: string;
      };
      const ended = (await api.events('ana', 'p1', run.id)).at(-1)!.data as Job;
      assert.equal(ended.state, 'done', JSON.stringify(ended.error));
      assert.match(ended.summary ?? '', /^hash: .*; match: .*; analyse: .*; attribution: .*; triage: /);
      const imports = await Promise.all(ids.map((id) => api.until('ana', 'p1', id, () => false)));
      assert.equal((await runCli(['init', join(root, 'lite')])).code, 0);
      const cli = await runCli([
        'import',
        '--case',
        join(root, 'lite'),
        '--json',
        '--account',
        'UC-1',
        '--tz',
        'Europe/Paris',
        ...listed.items.map((f) => join(intake, f)),
      ]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.deepEqual(
        imports.map((j) => [j.state, j.by, (j.result as { sources: unknown[] }).sources[0]]),
        (JSON.parse(cli.stdout) as { sources: unknown[] }).sources.map((s) => ['done', 'ana', s]),
      );
      const verify = await runCli(['verify', '--case', caseDir]);
      assert.equal(verify.code, 0, verify.stderr + verify.stdout);
    } finally {
      await api.app.close();
    }
  },
);
