import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, TEST_STATE } from './helpers/cli.js';
import { DATABASES } from './helpers/databases.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { caseSqlWith } from './helpers/case-sql.js';
import { apiWorld, type ApiWorld } from './triage-api-helpers.js';
import { openCase } from '../src/app/context.js';
import { buildServer } from '../src/server/app.js';
import { DEFAULT_CATEGORY_SCHEME } from '../src/domain/categories.js';
import type { DecisionResult } from '../src/contracts/triage.js';

// People's decisions over HTTP and from the CLI, on one small demo case and its PostgreSQL twin: one media, many,
// a whole cluster; audited before/after with the person; history kept (append-only); `verify` passes after;
// target decisions for supervisors only.

let dir: string;
const names = new Map<string, string>();
let w: ApiWorld;
let media: { sha256: string; cluster: string | null }[];
let cluster: { id: string; members: string[] };
let actors: string[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-decisions-'));
  const demo = await runCli(['demo', '--scale', 'small', '--out', dir, '--no-serve', '--no-videos']);
  assert.equal(demo.code, 0, demo.stderr);
  for (const db of DATABASES) names.set(db, (await caseOn(db, join(dir, 'case'))).slice(dir.length + 1));
  w = await apiWorld(
    dir,
    [
      ['ana', 'analyst'],
      ['sue', 'supervisor'],
      ['lia', 'liaison'],
    ],
    [...names.values()],
  );
  const listed = await w.call('ana', 'GET', '/api/v1/cases/case/media?limit=1000');
  media = listed.json<{ items: typeof media }>().items;
  const byCluster = new Map<string, string[]>();
  for (const m of media)
    if (m.cluster) byCluster.set(m.cluster, [...(byCluster.get(m.cluster) ?? []), m.sha256]);
  const [id, members] = [...byCluster].find(([, m]) => m.length >= 3)!;
  cluster = { id, members: members.sort() };
  const targets = await w.call('sue', 'GET', '/api/v1/cases/case/targets?limit=1000');
  actors = targets.json<{ items: { actor: string }[] }>().items.map((t) => t.actor);
});

after(async () => {
  await w?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The audit events of a command on a case. */
async function events(caseName: string, command: string) {
  const ctx = await openCase(join(dir, caseName), { readonly: true });
  try {
    return (await ctx.store.audit.listByCommand(command)).map((e) => ({
      ...e,
      details: JSON.parse(e.details) as Record<string, unknown>,
    }));
  } finally {
    await ctx.close();
  }
}

/** `vigie media SHA|--cluster ID --category …`: the same use case from the CLI, audited as the OS user. */
async function cliTwins(sha: string, env: NodeJS.ProcessEnv): Promise<void> {
  const one = await runCli(
    ['media', sha, '--category', '3', '--tag', 't1', '--note', 'n', '--json', '--case', join(dir, 'case')],
    env,
  );
  assert.equal(one.code, 0, one.stderr);
  const r = JSON.parse(one.stdout) as DecisionResult;
  assert.equal(r.changed[0]!.by, 'cli-user');
  const cl = await runCli(
    ['media', '--cluster', cluster.id, '--clear-category', '--json', '--case', join(dir, 'case')],
    env,
  );
  assert.equal((JSON.parse(cl.stdout) as DecisionResult).changed.length, cluster.members.length);
  const e = (await events('case', 'media categorise')).at(-1)!;
  assert.equal(e.user, 'cli-user');
}

for (const db of DATABASES) {
  const api = (tail: string): string => `/api/v1/cases/${names.get(db)!}/${tail}`;
  const caseDir = (): string => join(dir, names.get(db)!);

  test(`${db}: the category scheme: the default, or the case folder's categories.json`, async () => {
    // The PostgreSQL twin has the SQLite case's id (its audit trail is a copy): its own anchor journals.
    if (db === 'postgres') process.env['VIGIE_ANCHOR_DIR'] = join(TEST_STATE, 'anchors-postgres');
    const r = await w.call('lia', 'GET', api('categories'));
    assert.deepEqual(r.json(), DEFAULT_CATEGORY_SCHEME);
    const own = { scheme: 'uk-test', label: 'UK', categories: [{ code: 'A', label: 'Category A' }] };
    writeFileSync(join(caseDir(), 'categories.json'), JSON.stringify(own));
    assert.deepEqual((await w.call('ana', 'GET', api('categories'))).json(), own);
    writeFileSync(join(caseDir(), 'categories.json'), '{"scheme": "x"}');
    const bad = await w.call('ana', 'GET', api('categories'));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /categories\.json: label/);
    rmSync(join(caseDir(), 'categories.json'));
    await assert.rejects(
      buildServer({ casesDir: dir, categories: join(dir, 'none.json') }),
      /none\.json: cannot read/,
    );
  });

  test(`${db}: categorise one media: audited before/after with the person, history kept`, async () => {
    const sha = media[0]!.sha256;
    const first = await w.call('ana', 'PUT', api(`media/${sha}/decision`), {
      category: '1',
      tags: ['b', ' a ', 'a'],
      note: 'first look',
    });
    assert.equal(first.statusCode, 200, first.body);
    const one = first.json<DecisionResult>();
    assert.deepEqual(
      { ...one.changed[0], at: undefined, auditSeq: undefined },
      {
        sha256: sha,
        scheme: 'projectvic-us',
        category: '1',
        tags: ['a', 'b'],
        note: 'first look',
        by: 'ana',
        at: undefined,
        auditSeq: undefined,
      },
    );
    const second = (
      await w.call('ana', 'PUT', api(`media/${sha}/decision`), { note: null })
    ).json<DecisionResult>();
    assert.deepEqual(second.changed[0]!.tags, ['a', 'b']);
    assert.equal(second.changed[0]!.category, '1');
    assert.equal(second.changed[0]!.note, null);
    const e = (await events(names.get(db)!, 'media categorise')).find((x) => x.seq === second.auditSeq)!;
    assert.equal(e.user, 'ana');
    assert.equal(e.subject, sha);
    assert.deepEqual(e.details['changes'], [
      {
        sha256: sha,
        before: { scheme: 'projectvic-us', category: '1', tags: ['a', 'b'], note: 'first look' },
        after: { scheme: 'projectvic-us', category: '1', tags: ['a', 'b'], note: null },
      },
    ]);
    const ctx = await openCase(caseDir(), { readonly: true });
    const history = await ctx.store.decisions.history(sha).finally(() => ctx.close());
    assert.deepEqual(
      history.map((h) => [h.note, h.auditSeq]),
      [
        ['first look', one.auditSeq],
        [null, second.auditSeq],
      ],
    );
    const shown = (await w.call('ana', 'GET', api(`media/${sha}`))).json<{ decision: unknown }>();
    const { sha256: _s, auditSeq: _a, ...view } = second.changed[0]!;
    assert.deepEqual(shown.decision, view, 'the media detail shows the decision');
    if (db !== 'sqlite') return;
    const cli = await runCli(['media', sha, '--json', '--case', caseDir()]);
    assert.deepEqual(
      (JSON.parse(cli.stdout) as { decision: unknown }).decision,
      view,
      'vigie media SHA --json',
    );
  });

  test(`${db}: refused changes name the problem`, async () => {
    const sha = media[1]!.sha256;
    const put = (who: string, body: unknown) => w.call(who, 'PUT', api(`media/${sha}/decision`), body);
    assert.equal((await put('lia', { category: '1' })).statusCode, 403);
    assert.equal(
      (await w.call(null, 'PUT', api(`media/${sha}/decision`), { category: '1' })).statusCode,
      401,
    );
    const bad = await put('ana', { category: '9' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /category '9': not a code of scheme projectvic-us/);
    assert.equal((await put('ana', {})).statusCode, 400);
    const missing = await w.call('ana', 'PUT', api(`media/${'0'.repeat(64)}/decision`), { category: '1' });
    assert.equal(missing.statusCode, 404);
  });

  test(`${db}: bulk and cluster decisions: one audit event each, unchanged media left alone`, async () => {
    const three = media.slice(2, 5).map((m) => m.sha256);
    const bulk = await w.call('ana', 'POST', api('media/decisions'), { sha256s: three, category: '0' });
    assert.equal(bulk.json<DecisionResult>().changed.length, 3, bulk.body);
    const again = (
      await w.call('ana', 'POST', api('media/decisions'), { sha256s: three, category: '0' })
    ).json<DecisionResult>();
    assert.deepEqual(again, { auditSeq: null, changed: [], unchanged: [...three].sort() });
    const c = await w.call('ana', 'POST', api(`clusters/${cluster.id}/decision`), {
      category: '2',
      tags: ['series'],
    });
    const r = c.json<DecisionResult>();
    assert.deepEqual(
      r.changed.map((d) => [d.sha256, d.category, d.tags]),
      cluster.members.map((s) => [s, '2', ['series']]),
    );
    const e = (await events(names.get(db)!, 'media categorise')).find((x) => x.seq === r.auditSeq)!;
    assert.equal(e.subject, `cluster ${cluster.id}`);
    assert.equal((e.details['changes'] as unknown[]).length, cluster.members.length);
    assert.equal(
      (await w.call('ana', 'POST', api('clusters/c-none/decision'), { category: '2' })).statusCode,
      404,
    );
    const listed = (await w.call('ana', 'GET', api('media?limit=1000'))).json<{
      items: { sha256: string; decision: { category: string } | null }[];
    }>().items;
    for (const s of cluster.members)
      assert.equal(listed.find((m) => m.sha256 === s)!.decision?.category, '2');
  });

  if (db === 'sqlite')
    test(`${db}: CLI twins are audited as the OS user`, () =>
      cliTwins(media[6]!.sha256, { VIGIE_USER: 'cli-user' }));
  test(`${db}: decisions are append-only; verify passes`, async () => {
    await assert.rejects(
      caseSqlWith(caseDir(), { bypass: false }, 'UPDATE media_decision SET note = ?', 'x'),
      /append-only/,
    );
    await assert.rejects(
      caseSqlWith(caseDir(), { bypass: false }, 'DELETE FROM media_decision'),
      /append-only/,
    );
    const v = await runCli(['verify', '--case', caseDir()]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });

  test(`${db}: target decisions over HTTP: supervisors only, recorded as the person`, async () => {
    const actor = actors[0]!;
    const path = api(`targets/${encodeURIComponent(actor)}/decision`);
    assert.equal((await w.call('ana', 'POST', path, { decision: 'accept', reason: 'r' })).statusCode, 403);
    assert.equal((await w.call('sue', 'POST', path, { decision: 'accept', reason: ' ' })).statusCode, 400);
    assert.equal((await w.call('sue', 'POST', path, { decision: 'maybe', reason: 'r' })).statusCode, 400);
    const ok = await w.call('sue', 'POST', path, { decision: 'accept', reason: 'originates new clusters' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json<{ user: string }>().user, 'sue');
    const missing = api(`targets/${encodeURIComponent('telegram:user1')}/decision`);
    assert.equal((await w.call('sue', 'POST', missing, { decision: 'reject', reason: 'r' })).statusCode, 404);
    const listed = (await w.call('sue', 'GET', api('targets?limit=1000'))).json<{
      items: { actor: string; decision: { user: string; reason: string } | null }[];
    }>().items;
    const d = listed.find((t) => t.actor === actor)!.decision!;
    assert.deepEqual([d.user, d.reason], ['sue', 'originates new clusters']);
  });
}
