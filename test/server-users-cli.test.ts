// The built CLI: `vigie users add|grant|list|disable` on a cases folder with one empty case, and `vigie serve`
// starting on a free port (one real socket), answering the OpenAPI document and a sign-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI, runCli } from './helpers/cli.js';

const casesDir = mkdtempSync(join(tmpdir(), 'vigie-users-cli-'));

const ready = (async () => {
  const init = await runCli(['init', join(casesDir, 'c1'), '--name', 'c1']);
  assert.equal(init.code, 0, init.stderr);
})();

test('users add prints a random password once (argon2id stored), --password-stdin takes one, names and roles checked', async () => {
  await ready;
  const a = await runCli(['users', 'add', 'alice', '--role', 'supervisor', '--cases', casesDir, '--json']);
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
  const db = new Database(join(casesDir, 'server.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT name, password_hash FROM person ORDER BY name').all() as {
    name: string;
    password_hash: string;
  }[];
  db.close();
  for (const r of rows) assert.match(r.password_hash, /^\$argon2id\$/, r.name);
  assert.ok(!rows.some((r) => r.password_hash.includes(added.password)));
  const again = await runCli(['users', 'add', 'alice', '--role', 'analyst', '--cases', casesDir]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^USAGE: .*exists already/);
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
  const missing = await runCli(['users', 'grant', 'bob', 'c2', '--cases', casesDir]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^CASE_NOT_FOUND: /);
  const nobody = await runCli(['users', 'grant', 'zed', 'c1', '--cases', casesDir]);
  assert.match(nobody.stderr, /^NOT_FOUND: /);
  const d = await runCli(['users', 'disable', 'alice', '--cases', casesDir]);
  assert.equal(d.code, 0, d.stderr);
  const l = await runCli(['users', 'list', '--cases', casesDir, '--json']);
  const list = JSON.parse(l.stdout) as { name: string; role: string; disabled: boolean; cases: string[] }[];
  assert.deepEqual(
    list.map((p) => [p.name, p.role, p.disabled, p.cases]),
    [
      ['alice', 'supervisor', true, []],
      ['bob', 'analyst', false, ['c1']],
    ],
  );
  assert.ok(!l.stdout.includes('argon2'));
  const noDir = await runCli(['users', 'list']);
  assert.match(noDir.stderr, /^USAGE: --cases DIR/);
});

test('vigie serve prints its URL, binds 127.0.0.1, serves the OpenAPI document and signs people in', async () => {
  await ready;
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--cases', casesDir, '--port', '0', '--web', join(casesDir, 'no-web')],
    {
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  try {
    const url = await new Promise<string>((res, rej) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) res(out.trim());
      });
      child.on('close', (code) => rej(new Error(`serve exited ${code}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
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
