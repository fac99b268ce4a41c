// Shared by test/server-*.test.ts: a cases folder with a small demo case (and its PostgreSQL twin), people, sign-in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { runCli } from './helpers/cli.js';
import { caseOn } from './helpers/copy-to-postgres.js';
import { DATABASES, type TestDatabase } from './helpers/databases.js';
import { openPeople } from '../src/app/users-store.js';
import { addPerson } from '../src/app/users-add.js';
import { grantCase } from '../src/app/users-grant.js';

/** The origin `app.inject()` requests come from (Host `localhost:80`). */
export const ORIGIN = 'http://localhost';

/** A cases folder holding a small demo case `case` (no videos) and, with PostgreSQL, its twin `case-pg`. */
export async function demoCases(): Promise<{ casesDir: string; cases: Record<TestDatabase, string> }> {
  const casesDir = mkdtempSync(join(tmpdir(), 'vigie-server-'));
  const r = await runCli(['demo', '--scale', 'small', '--out', casesDir, '--no-serve', '--no-videos']);
  assert.equal(r.code, 0, r.stderr);
  const cases = { sqlite: 'case', postgres: 'case-pg' } as Record<TestDatabase, string>;
  if (DATABASES.includes('postgres')) await caseOn('postgres', join(casesDir, 'case'));
  return { casesDir, cases };
}

/** The password the fixture gives a person. */
export const passwordOf = (name: string): string => `password-of-${name}`;

/** Add people (password `passwordOf(name)`) and grant them cases. */
export async function addPeople(
  casesDir: string,
  people: readonly { name: string; role: string; cases?: readonly string[] }[],
): Promise<void> {
  const store = await openPeople(casesDir, { create: true });
  const deps = { people: store, now: Date.now, actor: 'test', casesDir };
  try {
    for (const p of people) {
      await addPerson(deps, { name: p.name, role: p.role, password: passwordOf(p.name) });
      for (const c of p.cases ?? []) await grantCase(deps, { name: p.name, case: c });
    }
  } finally {
    await store.close();
  }
}

/** Sign in through the API; the `cookie` header value of the session. */
export async function signIn(
  app: FastifyInstance,
  name: string,
  password = passwordOf(name),
): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    headers: { origin: ORIGIN },
    payload: { username: name, password },
  });
  assert.equal(r.statusCode, 200, r.body);
  const c = r.cookies.find((x) => x.name === 'vigie_session');
  assert.ok(c, 'a session cookie');
  return `vigie_session=${c.value}`;
}
