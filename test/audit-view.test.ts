// The audit view's API on a copy of the shared small demo case (SQLite and its PostgreSQL twin): the trail filtered
// by person, action and object, page by page, equals a brute-force filter of the whole trail; the facets are the
// distinct people and commands; `verify` runs as a read-only job that auditors and supervisors start (OK on the
// clean case, the first finding with its code and place on a tampered copy; the trail unchanged by it).
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { copyOfBuiltCase } from './helpers/built-case.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';
import { apiWorld, type ApiWorld } from './triage-api-helpers.js';
import type { Job } from '../src/contracts/jobs.js';

interface Ev {
  seq: number;
  user: string;
  command: string;
  subject: string;
}

let world: ApiWorld;
const caseOf: Partial<Record<TestDatabase, string>> = {};

before(async () => {
  const copy = await copyOfBuiltCase('demo-small', 'sqlite');
  // Events of several people and commands: two decisions by a supervisor, before the copies (same trail in each).
  const t = await runCli(['--case', copy.caseDir, 'targets', '--limit', '2', '--json']);
  for (const [i, x] of (JSON.parse(t.stdout) as Array<{ actor: string }>).entries()) {
    const r = await runCli(
      ['--case', copy.caseDir, 'target', x.actor, '--decide', 'accept', '--reason', `look ${i}`],
      { VIGIE_USER: 'sam' },
    );
    assert.equal(r.code, 0, r.stderr);
  }
  caseOf.sqlite = 'case';
  if (DATABASES.includes('postgres')) {
    await caseOn('postgres', copy.caseDir);
    caseOf.postgres = 'case-pg';
  }
  // A tampered copy: one evidence file's bytes changed behind Vigie's back.
  const tampered = join(copy.out, 'case-tampered');
  cpSync(copy.caseDir, tampered, { recursive: true });
  const file = readdirSync(join(tampered, 'evidence'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /[0-9a-f]{64}$/.test(f))
    .sort()
    .map((f) => join(tampered, 'evidence', f))[0]!;
  chmodSync(file, 0o644);
  writeFileSync(file, 'not the original bytes');
  world = await apiWorld(
    copy.out,
    [
      ['ana', 'analyst'],
      ['sam', 'supervisor'],
      ['aud', 'auditor'],
    ],
    [...Object.values(caseOf), 'case-tampered'],
  );
});
after(async () => world.app.close());

async function trail(name: string, filters: string): Promise<Ev[]> {
  const out: Ev[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const r = await world.call(
      'aud',
      'GET',
      `/api/v1/cases/${name}/audit?limit=5${filters}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json() as { items: Ev[]; nextCursor: string | null };
    out.push(...b.items);
    cursor = b.nextCursor;
  }
  return out;
}

async function verifyJob(name: string, person: string): Promise<Job> {
  const r = await world.call(person, 'POST', `/api/v1/cases/${name}/verify`);
  assert.equal(r.statusCode, 200, r.body);
  const { id } = r.json() as { id: string };
  await world.app.vigieJobs.idle();
  return (await world.call(person, 'GET', `/api/v1/cases/${name}/jobs/${id}`)).json() as Job;
}

for (const db of DATABASES)
  describe(`[${db}] audit view`, () => {
    const name = () => caseOf[db]!;

    test('filters by person, action and object equal a brute-force filter of the whole trail', async () => {
      const all = await trail(name(), '');
      assert.ok(all.length > 5);
      const facets = (await world.call('aud', 'GET', `/api/v1/cases/${name()}/audit/facets`)).json() as {
        users: string[];
        commands: string[];
      };
      assert.deepEqual(facets.users, [...new Set(all.map((e) => e.user))].sort());
      assert.deepEqual(facets.commands, [...new Set(all.map((e) => e.command))].sort());
      const subjects = [...new Set(all.map((e) => e.subject))].slice(0, 3);
      const cases: Array<Partial<Record<'user' | 'command' | 'subject', string>>> = [
        ...facets.users.map((user) => ({ user })),
        ...facets.commands.map((command) => ({ command })),
        ...subjects.map((subject) => ({ subject })),
        { user: facets.users[0]!, command: facets.commands[0]! },
        { user: 'nobody-at-all' },
      ];
      for (const f of cases) {
        const q = Object.entries(f)
          .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
          .join('');
        const expected = all.filter(
          (e) =>
            (f.user === undefined || e.user === f.user) &&
            (f.command === undefined || e.command === f.command) &&
            (f.subject === undefined || e.subject === f.subject),
        );
        assert.deepEqual(await trail(name(), q), expected, JSON.stringify(f));
      }
      const sam = await trail(name(), '&user=sam');
      assert.equal(sam.length, 2, 'the two decisions of the supervisor');
    });

    test('verify runs as a read-only job: OK on the clean case, the trail unchanged', async () => {
      const before = await trail(name(), '');
      const job = await verifyJob(name(), 'aud');
      assert.equal(job.state, 'done', JSON.stringify(job.error));
      assert.equal(job.kind, 'verify');
      assert.equal(job.summary, 'verify: OK');
      assert.equal((job.result as { ok: boolean }).ok, true);
      assert.deepEqual(await trail(name(), ''), before, 'verify appends nothing');
    });
  });

test('verify on a tampered copy names the first finding with its code and place', async () => {
  const job = await verifyJob('case-tampered', 'sam');
  assert.equal(job.state, 'done');
  const r = job.result as { ok: boolean; first: { code: string; place: string } };
  assert.equal(r.ok, false);
  assert.equal(r.first.code, 'EVIDENCE_ALTERED');
  assert.match(r.first.place, /^evidence [0-9a-f]{64}: content does not match$/);
  assert.match(job.summary ?? '', /^verify: FAILED: EVIDENCE_ALTERED: evidence /);
});

test('analysts may not start verify (403), nor through the jobs route (400)', async () => {
  assert.equal((await world.call('ana', 'POST', '/api/v1/cases/case/verify')).statusCode, 403);
  const r = await world.call('ana', 'POST', '/api/v1/cases/case/jobs', { kind: 'verify' });
  assert.equal(r.statusCode, 400, r.body);
});
