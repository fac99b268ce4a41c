// Two workbench servers (two `buildServer`, as two `vigie serve` processes would be) on one PostgreSQL people
// schema: a session made on one is valid on the other, sign-out and disabling end it on both, throttling counts the
// failures of both, concurrent requests on both agree, and two folders joining a fresh schema at once migrate it
// once. PostgreSQL only (SQLite's server.sqlite belongs to one cases folder on one machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { initCase } from '../src/app/init-case.js';
import { initPeople } from '../src/app/users-init.js';
import { addPeople, ORIGIN, passwordOf, signIn } from './server-fixture.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { peopleCasesDir, peopleSchema } from './helpers/people-db.js';
import './helpers/cli.js';

const skip = DATABASES.includes('postgres') ? false : 'no test PostgreSQL ($VIGIE_TEST_PG)';
const url = databaseUrl('postgres') ?? '';
let clock = Date.UTC(2026, 0, 5, 9);
const now = (): number => clock;

/** Two cases folders (as on two machines) whose server.json name one people schema; a server on each. */
const ready = skip
  ? null
  : (async () => {
      const schema = peopleSchema();
      const dirs = [await peopleCasesDir('postgres', 'vigie-two-a-', schema)];
      dirs.push(await peopleCasesDir('postgres', 'vigie-two-b-', schema));
      for (const d of dirs) await initCase({ dir: join(d, 'c1'), name: 'c1' });
      await addPeople(dirs[0]!, [
        { name: 'ana', role: 'analyst', cases: ['c1'] },
        { name: 'adm', role: 'admin' },
        { name: 'tom', role: 'analyst' },
        ...Array.from({ length: 6 }, (_, i) => ({ name: `p${i}`, role: 'analyst' })),
      ]);
      const [a, b] = await Promise.all(dirs.map((casesDir) => buildServer({ casesDir, now })));
      return { a: a!, b: b!, schema };
    })();

const who = async (app: FastifyInstance, cookie: string): Promise<number> =>
  (await app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode;

test(
  'a session made on one server is valid on the other; signing out on the other ends it on both',
  { skip },
  async () => {
    const { a, b } = (await ready)!;
    const cookie = await signIn(a, 'ana');
    assert.equal(await who(b, cookie), 200);
    const cases = await b.inject({ url: '/api/v1/cases', headers: { cookie } });
    assert.deepEqual(
      cases.json().items.map((c: { name: string }) => c.name),
      ['c1'],
      'the grant made through A is seen by B',
    );
    const out = await b.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie, origin: ORIGIN },
    });
    assert.equal(out.statusCode, 200);
    assert.equal(await who(a, cookie), 401);
    assert.equal(await who(b, cookie), 401);
  },
);

test(
  'the idle clock restarts on either server; disabling through one ends the session on the other',
  { skip },
  async () => {
    const { a, b } = (await ready)!;
    const cookie = await signIn(b, 'ana');
    clock += 20 * 60_000;
    assert.equal(await who(a, cookie), 200, 'used on A after 20 min');
    clock += 20 * 60_000;
    assert.equal(await who(b, cookie), 200, 'B sees the request A touched (40 min after sign-in, 20 idle)');
    const tom = await signIn(a, 'tom');
    const admin = await signIn(b, 'adm');
    const r = await b.inject({
      method: 'POST',
      url: '/api/v1/people/tom/disable',
      headers: { cookie: admin, origin: ORIGIN },
      payload: {},
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(await who(a, tom), 401);
  },
);

test('throttling counts the failures made on both servers', { skip }, async () => {
  const { a, b } = (await ready)!;
  const attempt = (app: FastifyInstance, username: string, password: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin: ORIGIN },
      remoteAddress: '10.1.0.1',
      payload: { username, password },
    });
  for (const app of [a, b, a, b, a])
    assert.equal((await attempt(app, 'p0', 'wrong-password-x')).statusCode, 401);
  for (const app of [a, b]) {
    const locked = await attempt(app, 'p0', passwordOf('p0'));
    assert.equal(locked.statusCode, 429, 'five failures across two servers lock the account on both');
    assert.equal(locked.headers['retry-after'], '30');
  }
  clock += 31_000;
  assert.equal((await attempt(b, 'p0', passwordOf('p0'))).statusCode, 200);
});

test(
  'wrong passwords sent to both servers at once count each other: 5 fail, 5 are locked',
  { skip },
  async () => {
    const { a, b } = (await ready)!;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin: ORIGIN },
          remoteAddress: '10.1.0.2',
          payload: { username: 'ghost', password: `wrong-password-${i}` },
        }),
      ),
    );
    assert.deepEqual(
      answers.map((r) => r.statusCode).sort(),
      [401, 401, 401, 401, 401, 429, 429, 429, 429, 429],
    );
  },
);

test('concurrent sign-ins and requests on both servers all succeed and agree', { skip }, async () => {
  const { a, b } = (await ready)!;
  const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
  const cookies = await Promise.all(names.map((n, i) => signIn(i % 2 ? a : b, n)));
  const codes = await Promise.all(cookies.flatMap((c) => [a, b, a, b].map((app) => who(app, c))));
  assert.deepEqual(new Set(codes), new Set([200]));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { schema } = (await ready)!;
    const n = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}".session WHERE person = ANY($1)`,
      [names],
    );
    assert.equal(Number(n.rows[0]?.n), names.length, 'one session each, stored once');
  } finally {
    await client.end();
  }
});

test('two cases folders joining a fresh people schema at once migrate it once', { skip }, async () => {
  const schema = peopleSchema();
  const dirs = await Promise.all(['x', 'y', 'z'].map((p) => peopleCasesDir('sqlite', `vigie-join-${p}-`)));
  const r = await Promise.all(dirs.map((casesDir) => initPeople({ casesDir, database: url, schema })));
  assert.deepEqual(
    r.map((x) => x.changed),
    [true, true, true],
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const m = await client.query(`SELECT version FROM "${schema}".schema_migration`);
    assert.equal(m.rowCount, 1);
  } finally {
    await client.end();
  }
  const { a, b } = (await ready)!;
  await Promise.all([a.close(), b.close()]);
});
