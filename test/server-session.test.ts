// Sessions, throttling, Origin checks, disabled people, errors and headers, on a cases folder with one empty case
// (app.inject(), injected clock), on both people stores: server.sqlite and a PostgreSQL people schema (server.json).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildServer } from '../src/server/app.js';
import { initCase } from '../src/app/init-case.js';
import { openPeople } from '../src/app/users-store.js';
import { addPeople, ORIGIN, passwordOf, signIn } from './server-fixture.js';
import { DATABASES } from './helpers/databases.js';
import { peopleCasesDir } from './helpers/people-db.js';
import './helpers/cli.js';

const IDLE = 30 * 60_000;
const ABSOLUTE = 12 * 3_600_000;

for (const db of DATABASES)
  describe(`people on ${db}`, () => {
    let clock = Date.UTC(2026, 0, 5, 9);
    const now = (): number => clock;
    let casesDir = '';
    const ready = (async () => {
      casesDir = await peopleCasesDir(db, 'vigie-server-session-');
      await initCase({ dir: join(casesDir, 'c1'), name: 'c1' });
      await addPeople(casesDir, [
        { name: 'ana', role: 'analyst', cases: ['c1'] },
        { name: 'sue', role: 'supervisor', cases: ['c1'] },
        { name: 'adm', role: 'admin' },
        { name: 'tom', role: 'analyst' },
        { name: 'dis', role: 'analyst' },
      ]);
      return buildServer({ casesDir, now });
    })();

    test('sign-in sets an httpOnly SameSite=Strict cookie; GET /session says who; sign-out ends it', async () => {
      const app = await ready;
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { origin: ORIGIN },
        payload: { username: 'ana', password: passwordOf('ana') },
      });
      assert.equal(r.statusCode, 200, r.body);
      const c = r.cookies.find((x) => x.name === 'vigie_session')!;
      assert.equal(c.httpOnly, true);
      assert.equal(c.sameSite, 'Strict');
      assert.equal(c.secure, undefined);
      const cookie = `vigie_session=${c.value}`;
      const who = await app.inject({ url: '/api/v1/session', headers: { cookie } });
      assert.equal(who.statusCode, 200);
      assert.deepEqual(
        { ...(who.json() as object), expiresAt: undefined },
        {
          name: 'ana',
          role: 'analyst',
          cases: ['c1'],
          expiresAt: undefined,
        },
      );
      const out = await app.inject({
        method: 'DELETE',
        url: '/api/v1/session',
        headers: { cookie, origin: ORIGIN },
      });
      assert.equal(out.statusCode, 200);
      assert.match(String(out.headers['set-cookie']), /vigie_session=;.*Max-Age=0/);
      assert.equal((await app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode, 401);
    });

    test('the cookie is Secure under TLS', async () => {
      const app = await buildServer({ casesDir, now, secure: true });
      try {
        const r = await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin: 'https://localhost:80' },
          payload: { username: 'sue', password: passwordOf('sue') },
        });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.cookies[0]?.secure, true);
      } finally {
        await app.close();
      }
    });

    test('idle expiry (30 min without a request) and absolute expiry (12 h) with an injected clock', async () => {
      const app = await ready;
      const get = async (cookie: string): Promise<number> =>
        (await app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode;
      let cookie = await signIn(app, 'sue');
      clock += IDLE - 1000;
      assert.equal(await get(cookie), 200, 'used just before the idle limit');
      clock += IDLE - 1000;
      assert.equal(await get(cookie), 200, 'the idle clock restarted');
      clock += IDLE + 1;
      assert.equal(await get(cookie), 401, 'idle too long');
      cookie = await signIn(app, 'sue');
      for (let t = 0; t < ABSOLUTE; t += IDLE - 60_000) {
        clock += IDLE - 60_000;
        if (t + IDLE - 60_000 <= ABSOLUTE) assert.equal(await get(cookie), 200);
      }
      clock += IDLE - 60_000;
      assert.equal(await get(cookie), 401, 'past the absolute limit though never idle');
    });

    test('sign-in throttling: 5 failures lock the account (429 + Retry-After), doubling; unknown names fail alike', async () => {
      const app = await ready;
      const attempt = (username: string, password: string, ip = '10.0.0.1') =>
        app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin: ORIGIN },
          remoteAddress: ip,
          payload: { username, password },
        });
      const unknown = await attempt('nobody', 'wrong-password-1');
      const wrong = await attempt('tom', 'wrong-password-1');
      assert.equal(unknown.statusCode, 401);
      assert.deepEqual(
        unknown.json(),
        wrong.json(),
        'the same answer for an unknown name and a wrong password',
      );
      for (let i = 2; i <= 5; i++)
        assert.equal((await attempt('tom', `wrong-password-${i}`)).statusCode, 401);
      const locked = await attempt('tom', passwordOf('tom'));
      assert.equal(locked.statusCode, 429, 'locked even with the right password');
      assert.equal(locked.json().error.code, 'THROTTLED');
      assert.equal(locked.headers['retry-after'], '30');
      clock += 31_000;
      assert.equal((await attempt('tom', 'wrong-password-6')).statusCode, 401);
      const again = await attempt('tom', passwordOf('tom'));
      assert.equal(again.statusCode, 429);
      assert.equal(again.headers['retry-after'], '60', 'the lock doubles');
      clock += 61_000;
      assert.equal((await attempt('tom', passwordOf('tom'))).statusCode, 200, 'in again after the lock');
      assert.equal((await attempt('tom', 'wrong-password-7')).statusCode, 401, 'a success resets the count');
      // Per address: 20 failures from one address lock it for every name.
      for (let i = 0; i < 20; i++) await attempt(`guess${i}`, 'wrong-password', '10.0.0.9');
      assert.equal((await attempt('ana', passwordOf('ana'), '10.0.0.9')).statusCode, 429);
      assert.equal(
        (await attempt('ana', passwordOf('ana'), '10.0.0.10')).statusCode,
        200,
        'other addresses are not',
      );
      const people = await openPeople(casesDir);
      try {
        const log = await people.signIns(100);
        const outcomes = new Set(log.map((l) => l.outcome));
        for (const o of ['ok', 'bad-password', 'unknown', 'locked']) assert.ok(outcomes.has(o as never), o);
      } finally {
        await people.close();
      }
      clock += 3_600_000;
    });

    test('attempts made at once count each other: of 10 wrong passwords sent together, 5 fail and 5 are locked', async () => {
      const app = await ready;
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/session',
            headers: { origin: ORIGIN },
            remoteAddress: '10.0.0.20',
            payload: { username: 'ghost', password: `wrong-password-${i}` },
          }),
        ),
      );
      assert.deepEqual(
        answers.map((r) => r.statusCode).sort(),
        [401, 401, 401, 401, 401, 429, 429, 429, 429, 429],
      );
    });

    test('Origin check: a non-GET request needs Origin (or Referer) equal to the server’s own origin', async () => {
      const app = await ready;
      const cookie = await signIn(app, 'sue');
      const del = (headers: Record<string, string>) =>
        app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, ...headers } });
      for (const h of [
        {},
        { origin: 'http://evil.example' },
        { origin: 'null' },
        { referer: 'http://evil.example/x' },
      ] as Record<string, string>[]) {
        const r = await del(h);
        assert.equal(r.statusCode, 403, JSON.stringify(h));
        assert.equal(r.json().error.code, 'FORBIDDEN');
      }
      const signInNoOrigin = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'sue', password: passwordOf('sue') },
      });
      assert.equal(signInNoOrigin.statusCode, 403, 'sign-in too');
      assert.equal(
        (await del({ referer: `${ORIGIN}/cases` })).statusCode,
        200,
        'a same-origin Referer will do',
      );
    });

    test('a disabled person cannot sign in, and their open session ends', async () => {
      const app = await ready;
      const cookie = await signIn(app, 'dis');
      const admin = await signIn(app, 'adm');
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/people/dis/disable',
        headers: { cookie: admin, origin: ORIGIN },
        payload: {},
      });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal((await app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode, 401);
      const again = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { origin: ORIGIN },
        payload: { username: 'dis', password: passwordOf('dis') },
      });
      assert.equal(again.statusCode, 403);
      assert.match(again.json().error.message, /disabled/);
    });

    test('admins manage people over the API; the list never shows a password hash', async () => {
      const app = await ready;
      const admin = await signIn(app, 'adm');
      const post = (url: string, payload: unknown) =>
        app.inject({
          method: 'POST',
          url,
          headers: { cookie: admin, origin: ORIGIN },
          payload: payload as object,
        });
      const added = await post('/api/v1/people', { name: 'liz', role: 'liaison' });
      assert.equal(added.statusCode, 200, added.body);
      assert.equal(added.json().password.length, 24, 'a random password, returned once');
      assert.equal((await post('/api/v1/people', { name: 'liz', role: 'liaison' })).statusCode, 400);
      const g = await post('/api/v1/people/liz/grants', { case: 'c1' });
      assert.deepEqual(g.json(), { name: 'liz', cases: ['c1'], changed: true });
      assert.equal((await post('/api/v1/people/liz/grants', { case: 'nope' })).statusCode, 404);
      assert.equal((await post('/api/v1/people/liz/grants', { case: '../c1' })).statusCode, 400);
      const list = await app.inject({ url: '/api/v1/people', headers: { cookie: admin } });
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes('argon2'));
      assert.deepEqual(
        list.json().items.map((p: { name: string }) => p.name),
        ['adm', 'ana', 'dis', 'liz', 'sue', 'tom'],
      );
      const cases = await app.inject({ url: '/api/v1/cases', headers: { cookie: admin } });
      assert.deepEqual(
        cases.json().items.map((c: { name: string; granted: boolean }) => [c.name, c.granted]),
        [['c1', false]],
        'admins see every case (to grant it) but hold no grant',
      );
      const ana = await signIn(app, 'ana');
      assert.equal((await app.inject({ url: '/api/v1/people', headers: { cookie: ana } })).statusCode, 403);
    });

    test('errors are {error:{code,message}} without a stack; security headers on every answer', async () => {
      const app = await ready;
      const cookie = await signIn(app, 'ana');
      const nf = await app.inject({ url: '/api/v1/nothing', headers: { cookie } });
      assert.equal(nf.statusCode, 404);
      assert.equal(nf.json().error.code, 'NOT_FOUND');
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        payload: '{"username": ',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'USAGE');
      assert.ok(!bad.body.includes('    at '), 'no stack trace');
      const field = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { origin: ORIGIN },
        payload: { username: 'ana' },
      });
      assert.equal(field.statusCode, 400);
      assert.match(field.json().error.message, /password/);
      for (const r of [nf, bad, field]) {
        assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
        assert.equal(r.headers['x-content-type-options'], 'nosniff');
        assert.equal(r.headers['x-frame-options'], 'DENY');
      }
      const notGranted = await app.inject({ url: '/api/v1/cases/other/stats', headers: { cookie } });
      assert.equal(notGranted.statusCode, 403);
      // Errors the router raises itself (a malformed %-escape, a parameter over its length) keep the shape.
      for (const [url, status] of [
        ['/api/v1/cases/%ff%fe/stats', 400],
        [`/api/v1/cases/c1/media/${'x'.repeat(5000)}`, 414],
      ] as const) {
        const r = await app.inject({ url, headers: { cookie } });
        assert.equal(r.statusCode, status, r.body);
        assert.equal(r.json().error.code, 'USAGE', r.body);
        assert.equal(r.headers['x-frame-options'], 'DENY');
      }
      await app.close();
    });
  });
