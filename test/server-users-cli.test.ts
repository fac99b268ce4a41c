// The built CLI on both people stores (server.sqlite, and a PostgreSQL people schema that `vigie users init`
// names in server.json): `vigie users add|grant|list|disable` on a cases folder with one empty case, `vigie serve`
// starting on a free port (one real socket) and signing people in; `users init`'s refusals.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from './helpers/cli.js';
import { DATABASES, databaseUrl } from './helpers/databases.js';
import { peopleSchema } from './helpers/people-db.js';
import { openPeople } from '../src/app/users-store.js';
import { initPeople } from '../src/app/users-init.js';
import { addPeople } from './server-fixture.js';
import { buildServer } from '../src/server/app.js';
import { writeServerJson } from '../src/store/server/location.js';
import type { AppError } from '../src/domain/errors.js';

for (const db of DATABASES)
  describe(`people on ${db}`, () => {
    const casesDir = mkdtempSync(join(tmpdir(), `vigie-users-cli-${db}-`));
    const url = databaseUrl(db);
    const schema = peopleSchema();
    const ready = (async () => {
      const init = await runCli(['init', join(casesDir, 'c1'), '--name', 'c1']);
      assert.equal(init.code, 0, init.stderr);
      if (!url) return;
      const p = await runCli([
        'users',
        'init',
        '--database',
        url,
        '--schema',
        schema,
        '--cases',
        casesDir,
        '--json',
      ]);
      assert.equal(p.code, 0, p.stderr);
      const r = JSON.parse(p.stdout) as { people: string; persons: number; changed: boolean };
      assert.deepEqual([r.people.endsWith(`#${schema}`), r.persons, r.changed], [true, 0, true]);
      const json = JSON.parse(readFileSync(join(casesDir, 'server.json'), 'utf8')) as unknown;
      assert.deepEqual(json, {
        format: 'vigie-server',
        formatVersion: 1,
        people: { kind: 'postgres', url, schema },
      });
      // The refusals of `users init` are the use case's (the CLI only prints them): checked in-process.
      assert.equal(
        (await initPeople({ casesDir, database: url, schema })).changed,
        false,
        'the same: nothing to do',
      );
      await assert.rejects(initPeople({ casesDir, database: url }), (e: AppError) => {
        assert.equal(e.code, 'CASE_EXISTS');
        assert.match(e.message, /server\.json: .*already; refusing to point it elsewhere/);
        return true;
      });
    })();

    test('users add prints a random password once (argon2id stored), --password-stdin takes one, names and roles checked', async () => {
      await ready;
      const a = await runCli([
        'users',
        'add',
        'alice',
        '--role',
        'supervisor',
        '--cases',
        casesDir,
        '--json',
      ]);
      assert.equal(a.code, 0, a.stderr);
      const added = JSON.parse(a.stdout) as { name: string; role: string; password: string };
      assert.equal(added.role, 'supervisor');
      assert.match(added.password, /^[A-Za-z0-9_-]{24}$/);
      const b = await runCli(
        ['users', 'add', 'bob', '--role', 'analyst', '--cases', casesDir, '--password-stdin'],
        {},
        'a long enough password\n',
      );
      assert.equal(b.code, 0, b.stderr);
      assert.doesNotMatch(b.stdout, /password/);
      assert.equal(
        existsSync(join(casesDir, 'server.sqlite')),
        db === 'sqlite',
        'people where server.json says',
      );
      const people = await openPeople(casesDir);
      try {
        for (const name of ['alice', 'bob']) {
          const hash = (await people.person(name))?.passwordHash ?? '';
          assert.match(hash, /^\$argon2id\$/, name);
          assert.ok(!hash.includes(added.password));
        }
      } finally {
        await people.close();
      }
      const again = await runCli(['users', 'add', 'alice', '--role', 'analyst', '--cases', casesDir]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /^USAGE: .*exists already/);
      if (db !== 'sqlite') return; // what follows is checked before the store is reached
      const role = await runCli(['users', 'add', 'carol', '--role', 'boss', '--cases', casesDir]);
      assert.match(role.stderr, /^USAGE: role 'boss'/);
      const name = await runCli(['users', 'add', '../x', '--role', 'analyst', '--cases', casesDir]);
      assert.match(name.stderr, /^USAGE: person name/);
      const short = await runCli(
        ['users', 'add', 'dan', '--role', 'analyst', '--cases', casesDir, '--password-stdin'],
        {},
        'short\n',
      );
      assert.match(short.stderr, /^USAGE: password: at least 12/);
    });

    test('users grant, list --json and disable', async () => {
      await ready;
      const g = await runCli(['users', 'grant', 'bob', 'c1', '--cases', casesDir, '--json']);
      assert.equal(g.code, 0, g.stderr);
      assert.deepEqual(JSON.parse(g.stdout), { name: 'bob', cases: ['c1'], changed: true });
      if (db === 'sqlite') {
        const missing = await runCli(['users', 'grant', 'bob', 'c2', '--cases', casesDir]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /^CASE_NOT_FOUND: /);
        const nobody = await runCli(['users', 'grant', 'zed', 'c1', '--cases', casesDir]);
        assert.match(nobody.stderr, /^NOT_FOUND: /);
      }
      const d = await runCli(['users', 'disable', 'alice', '--cases', casesDir]);
      assert.equal(d.code, 0, d.stderr);
      const l = await runCli(['users', 'list', '--cases', casesDir, '--json']);
      const list = JSON.parse(l.stdout) as {
        name: string;
        role: string;
        disabled: boolean;
        cases: string[];
      }[];
      assert.deepEqual(
        list.map((p) => [p.name, p.role, p.disabled, p.cases]),
        [
          ['alice', 'supervisor', true, []],
          ['bob', 'analyst', false, ['c1']],
        ],
      );
      assert.ok(!l.stdout.includes('argon2'));
      if (db !== 'sqlite') return;
      const noDir = await runCli(['users', 'list']);
      assert.match(noDir.stderr, /^USAGE: --cases DIR/);
    });

    test('vigie serve prints its URL, binds 127.0.0.1, serves the OpenAPI document and signs people in', async () => {
      await ready;
      const child = spawn(
        process.execPath,
        [CLI, 'serve', '--cases', casesDir, '--port', '0', '--web', join(casesDir, 'no-web')],
        { env: { ...process.env, NODE_OPTIONS: '' } },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      try {
        const url = await new Promise<string>((res, rej) => {
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('\n')) res(out.trim());
          });
          child.on('close', (code) => rej(new Error(`serve exited ${code}: ${err}`)));
        });
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.match(
          err,
          db === 'sqlite' ? /people: .*server\.sqlite/ : new RegExp(`people: postgres:.*#${schema}`),
        );
        const doc = await fetch(`${url}/api/v1/openapi.json`);
        assert.equal(doc.status, 200);
        const r = await fetch(`${url}/api/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: url },
          body: JSON.stringify({ username: 'bob', password: 'a long enough password' }),
        });
        assert.equal(r.status, 200, await r.clone().text());
        assert.match(r.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Strict/);
        const page = await fetch(`${url}/cases`);
        assert.equal(page.status, 404, 'no web app built there: nothing but the API');
      } finally {
        child.kill('SIGTERM');
      }
    });
  });

test('users init refuses a URL with a password, names an unreachable server, and leaves no server.json', async () => {
  const casesDir = mkdtempSync(join(tmpdir(), 'vigie-users-init-'));
  const pw = await runCli([
    'users',
    'init',
    '--database',
    'postgres://ana:secret@127.0.0.1/db',
    '--cases',
    casesDir,
  ]);
  assert.equal(pw.code, 2);
  assert.match(pw.stderr, /^USAGE: --database: the URL carries a password/);
  assert.doesNotMatch(pw.stderr, /secret/);
  const down = await runCli([
    'users',
    'init',
    '--database',
    'postgres://127.0.0.1:1/people',
    '--cases',
    casesDir,
  ]);
  assert.equal(down.code, 2);
  assert.match(
    down.stderr,
    /^DATABASE_UNREACHABLE: postgres:\/\/127\.0\.0\.1:1\/people#vigie_server: cannot reach/,
  );
  assert.equal(existsSync(join(casesDir, 'server.json')), false);
  await addPeople(casesDir, [{ name: 'ada', role: 'admin' }]);
  await assert.rejects(initPeople({ casesDir, database: 'postgres://127.0.0.1:1/people' }), (e: AppError) => {
    assert.equal(e.code, 'CASE_EXISTS');
    assert.match(e.message, /server\.sqlite: holds 1 people already/);
    return true;
  });
  const gone = mkdtempSync(join(tmpdir(), 'vigie-users-gone-'));
  writeServerJson(gone, { url: 'postgres://127.0.0.1:1/people', schema: 'vigie_server' });
  await assert.rejects(buildServer({ casesDir: gone }), (e: AppError) => {
    assert.equal(e.code, 'DATABASE_UNREACHABLE');
    assert.match(
      e.message,
      /^postgres:\/\/127\.0\.0\.1:1\/people#vigie_server: cannot reach the people database/,
    );
    return true;
  });
});
