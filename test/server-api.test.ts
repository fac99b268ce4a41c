// The API on a real small demo case (and its PostgreSQL twin), through app.inject(): a walk of the OpenAPI document
// proving 401/403 on every route, no route answering original media bytes, and CLI/API JSON equality of every
// listing on both databases; an API write records the signed-in person in the audit trail.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from '../src/server/app.js';
import { writeCase } from '../src/server/case-access.js';
import { decideTarget } from '../src/app/decide-target.js';
import { initCase } from '../src/app/init-case.js';
import { openPeople } from '../src/app/users-store.js';
import { grantCase } from '../src/app/users-grant.js';
import { ROLES } from '../src/domain/roles.js';
import { runCli } from './helpers/cli.js';
import { DATABASES } from './helpers/databases.js';
import { addPeople, demoCases, ORIGIN, signIn } from './server-fixture.js';
import {
  allPages,
  categorise,
  checkCursorStability,
  clustersByBruteForce,
  filterCases,
  occurrencesOf,
  type Item,
  type Occurrence,
} from './server-listings.js';

interface Operation {
  operationId: string;
  'x-vigie-roles': string[] | 'public' | 'signed-in';
  'x-vigie-case-scoped': boolean;
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const ready = (async () => {
  const { casesDir, cases } = await demoCases();
  await addPeople(
    casesDir,
    ROLES.flatMap((role) => [
      { name: role, role, cases: Object.values(cases) },
      { name: `${role}-out`, role },
    ]),
  );
  const app = await buildServer({ casesDir });
  const cookies = Object.fromEntries(
    await Promise.all(
      ROLES.flatMap((r) => [r, `${r}-out`]).map(async (n) => [n, await signIn(app, n)] as const),
    ),
  );
  const cli = async (db: string, args: string[]): Promise<unknown> => {
    const r = await runCli(['--case', join(casesDir, db), '--json', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown;
  };
  const media = (await cli(cases.sqlite, ['media'])) as { sha256: string }[];
  const actors = (await cli(cases.sqlite, ['actors'])) as { id: string }[];
  return { casesDir, cases, app, cookies, cli, media, actors };
})();

after(async () => (await ready).app.close());

/** Path parameters for the walk: a real case, media and actor; anything else a placeholder. */
function fill(path: string, s: Awaited<typeof ready>): string {
  const values: Record<string, string> = {
    case: s.cases.sqlite,
    sha256: s.media[0]!.sha256,
    id: s.actors[0]!.id,
    name: 'analyst',
    cc: 'US',
    cluster: (s.media as { cluster?: string | null }[]).find((m) => m.cluster)?.cluster ?? 'x',
  };
  return path.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(values[k] ?? 'x'));
}

test('the OpenAPI walk: every route but sign-in and the document answers 401 without a session, 403 for a role not allowed or a case not granted', async () => {
  const s = await ready;
  const docRes = await s.app.inject({ url: '/api/v1/openapi.json' });
  assert.equal(docRes.statusCode, 200, 'the document is public');
  const doc = docRes.json() as { openapi: string; paths: Record<string, Record<string, Operation>> };
  assert.equal(doc.openapi, '3.1.0');
  let checked = 0;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const url = fill(path, s);
      const call = (cookie?: string) =>
        s.app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
          ...(method === 'get' ? {} : { payload: {} }),
        });
      const roles = op['x-vigie-roles'];
      if (roles === 'public') {
        assert.equal(op.operationId, 'session.signIn', `${method} ${path}: only sign-in is public`);
        continue;
      }
      const anon = await call();
      assert.equal(anon.statusCode, 401, `${method} ${path} without a session: ${anon.body}`);
      assert.equal(anon.json().error.code, 'UNAUTHENTICATED');
      if (Array.isArray(roles))
        for (const role of ROLES.filter((r) => !roles.includes(r))) {
          const r = await call(s.cookies[role]);
          assert.equal(r.statusCode, 403, `${method} ${path} as ${role}: ${r.body}`);
        }
      const allowed = Array.isArray(roles) ? roles : [...ROLES];
      if (op['x-vigie-case-scoped'])
        for (const role of allowed) {
          const r = await call(s.cookies[`${role}-out`]);
          assert.equal(r.statusCode, 403, `${method} ${path} as ${role} without the case: ${r.body}`);
        }
      checked++;
    }
  }
  assert.ok(checked >= 14, `${checked} routes walked`);
});

test('the OpenAPI walk: every GET route answers a granted, allowed person; none answers original media bytes', async () => {
  const s = await ready;
  const doc = (await s.app.inject({ url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  const originals = new Set(s.media.map((m) => m.sha256));
  for (const [path, methods] of Object.entries(doc.paths)) {
    const op = methods['get'];
    if (!op || op.responses['200']?.content?.['text/event-stream']) continue;
    const roles = op['x-vigie-roles'];
    const role = Array.isArray(roles) ? roles[0]! : 'analyst';
    const r = await s.app.inject({ url: fill(path, s), headers: { cookie: s.cookies[role]! } });
    // A job lives in the server's memory: no job by that id on a fresh server (NOT_FOUND, not a refusal).
    const expected = path.includes('/jobs/{id}') || path.includes('/chats/{chat}') ? 404 : 200;
    if (op.responses['200']?.content?.['application/json'])
      assert.equal(r.statusCode, expected, `GET ${path} as ${role}: ${r.body}`);
    const digest = createHash('sha256').update(r.rawPayload).digest('hex');
    assert.ok(!originals.has(digest), `GET ${path} answered the original bytes of ${digest}`);
  }
});

test('a case not granted answers 403, one granted but gone 404; a cursor of another list 400', async () => {
  const s = await ready;
  const cookie = s.cookies['analyst']!;
  const nope = await s.app.inject({ url: '/api/v1/cases/nope/stats', headers: { cookie } });
  assert.equal(nope.statusCode, 403, 'not granted: 403 whether it exists or not');
  await initCase({ dir: join(s.casesDir, 'gone'), name: 'gone' });
  const people = await openPeople(s.casesDir);
  await grantCase(
    { people, now: Date.now, actor: 'test', casesDir: s.casesDir },
    { name: 'analyst', case: 'gone' },
  );
  await people.close();
  rmSync(join(s.casesDir, 'gone'), { recursive: true });
  const gone = await s.app.inject({ url: '/api/v1/cases/gone/stats', headers: { cookie } });
  assert.equal(gone.statusCode, 404, gone.body);
  assert.equal(gone.json().error.code, 'CASE_NOT_FOUND');
  const bad = await s.app.inject({
    url: `/api/v1/cases/${s.cases.sqlite}/targets?cursor=${Buffer.from('["x"]').toString('base64url')}`,
    headers: { cookie: s.cookies['analyst']! },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'USAGE');
});

for (const db of DATABASES)
  test(`CLI and API answer the same JSON for every listing (${db})`, async () => {
    const s = await ready;
    const name = s.cases[db];
    const api = async (url: string, role = 'supervisor'): Promise<unknown> => {
      const r = await s.app.inject({
        url: `/api/v1/cases/${name}/${url}`,
        headers: { cookie: s.cookies[role]! },
      });
      assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
      return r.json() as unknown;
    };
    /** Every page of a list, `limit` at a time, concatenated. */
    const all = async (url: string, limit: number, role?: string): Promise<unknown[]> => {
      const out: unknown[] = [];
      let cursor: string | null = null;
      do {
        const sep = url.includes('?') ? '&' : '?';
        const p = (await api(`${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, role)) as {
          items: unknown[];
          nextCursor: string | null;
        };
        out.push(...p.items);
        cursor = p.nextCursor;
      } while (cursor);
      return out;
    };
    const [stats, media, newMedia, known, ignored, actors, targets, chats, lists] = await Promise.all([
      s.cli(name, ['stats']),
      s.cli(name, ['media']),
      s.cli(name, ['media', '--new']),
      s.cli(name, ['media', '--known']),
      s.cli(name, ['media', '--ignored']),
      s.cli(name, ['actors']),
      s.cli(name, ['targets']),
      s.cli(name, ['chats']),
      s.cli(name, ['hashlist', 'list']),
    ]);
    assert.deepEqual(await api('stats'), stats);
    assert.deepEqual(await all('media', 7), media);
    assert.deepEqual(await all('media?status=new', 9), newMedia);
    assert.deepEqual(await all('media?status=known', 1000), known);
    assert.deepEqual(await all('media?status=ignored', 2), ignored);
    assert.deepEqual(await all('actors', 11), actors);
    assert.deepEqual(await all('actors?search=AN', 4), await s.cli(name, ['actors', '--search', 'an']));
    assert.deepEqual(await all('targets', 6, 'liaison'), targets);
    assert.deepEqual(await all('chats', 3), chats);
    assert.deepEqual(await api('hashlists'), lists);
    const sha = (known as { sha256: string }[])[0]!.sha256;
    assert.deepEqual(await api(`media/${sha}`), await s.cli(name, ['media', sha]));
    const actor = (actors as { id: string }[])[0]!.id;
    assert.deepEqual(await api(`actors/${encodeURIComponent(actor)}`), await s.cli(name, ['actor', actor]));
    // An API write records the signed-in person; the audit listing is the twin of `vigie audit list --json`.
    const top = (targets as { actor: string }[])[0]!.actor;
    await writeCase(join(s.casesDir, name), { name: 'supervisor', role: 'supervisor' }, (ctx) =>
      decideTarget(ctx, { actor: top, decision: 'accept', reason: 'test' }),
    );
    const audit = (await s.cli(name, ['audit', 'list'])) as { user: string; command: string }[];
    assert.deepEqual(await all('audit', 50, 'auditor'), audit);
    assert.equal(audit.at(-1)?.user, 'supervisor');
  });

for (const db of DATABASES)
  test(`media filters are cut in the store: each filtered listing, page by page, is the brute-force filter of the whole listing; the CLI agrees (${db})`, async () => {
    const s = await ready;
    const name = s.cases[db];
    const fresh = (await allPages<Item>(s, name, 'media', 1000)).filter((m) => m.status === 'new');
    await categorise(
      s,
      name,
      fresh.slice(0, 3).map((m) => m.sha256),
      '2',
    );
    const items = await allPages<Item>(s, name, 'media', 1000);
    const byMedia = new Map<string, Occurrence[]>();
    for (const o of occurrencesOf(join(s.casesDir, s.cases.sqlite)))
      byMedia.set(o.sha256, [...(byMedia.get(o.sha256) ?? []), o]);
    const cases = filterCases(items, [...byMedia.values()].flat());
    for (const f of cases) {
      const want = items.filter((m) => f.keep(m, byMedia.get(m.sha256) ?? []));
      assert.ok(
        want.length > 0 && want.length < items.length,
        `${f.query}: ${want.length} of ${items.length}`,
      );
      assert.deepEqual(await allPages(s, name, `media?${f.query}`, 3), want, f.query);
    }
    const q = new URLSearchParams(cases[3]!.query);
    const cli = await s.cli(name, [
      'media',
      '--chat',
      q.get('chat')!,
      '--actor',
      q.get('actor')!,
      '--from',
      q.get('from')!,
    ]);
    assert.deepEqual(cli, await allPages(s, name, `media?${cases[3]!.query}`, 2));
    const none = await s.cli(name, ['media', '--new', '--category-is', 'none']);
    assert.deepEqual(none, await allPages(s, name, 'media?status=new&category=none', 1000));
    const bad = await s.app.inject({
      url: `/api/v1/cases/${name}/media?from=yesterday`,
      headers: { cookie: s.cookies['analyst']! },
    });
    assert.equal(bad.statusCode, 400, bad.body);
  });

for (const db of DATABASES)
  test(`the clusters listing is the media listing grouped by cluster, most spread first, page by page; the CLI agrees (${db})`, async () => {
    const s = await ready;
    const name = s.cases[db];
    const items = await allPages<Item>(s, name, 'media', 1000);
    const want = new Map(
      clustersByBruteForce(items, occurrencesOf(join(s.casesDir, s.cases.sqlite))).map((c) => [c.id, c]),
    );
    const got = await allPages<{
      id: string;
      media: number;
      spread: { occurrences: number; chats: number; posters: number };
      originator: string | null;
      firstSeen: string | null;
      firstMessage: unknown;
      sample: string[];
    }>(s, name, 'clusters?status=new', 4);
    assert.ok(got.length > 4);
    assert.deepEqual(got.map((c) => c.id).sort(), [...want.keys()].sort());
    for (const c of got) {
      const b = want.get(c.id)!;
      const { members, ...facts } = b;
      assert.deepEqual(
        {
          id: c.id,
          media: c.media,
          ...c.spread,
          originator: c.originator,
          firstSeen: c.firstSeen,
          firstMessage: c.firstMessage,
        },
        facts,
        c.id,
      );
      assert.equal(c.sample.length, Math.min(4, b.media));
      assert.ok(c.sample.every((x) => members.includes(x)));
    }
    for (let i = 1; i < got.length; i++) {
      const [a, b] = [got[i - 1]!, got[i]!];
      const order =
        b.spread.occurrences - a.spread.occurrences ||
        (a.firstSeen ?? '~').localeCompare(b.firstSeen ?? '~') ||
        (a.id < b.id ? -1 : 1);
      assert.ok(order < 0, `order at ${i}: ${a.id} before ${b.id}`);
    }
    assert.deepEqual(await s.cli(name, ['clusters']), got);
  });

for (const db of DATABASES)
  test(`a filtered page's cursor is stable while media leave the filter between pages (${db})`, async () => {
    const s = await ready;
    await checkCursorStability(s, s.cases[db]);
  });
