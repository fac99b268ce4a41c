import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { addPerson } from '../src/app/users-add.js';
import { grantCase } from '../src/app/users-grant.js';

/** A workbench server on a cases folder (no socket: `inject`), with a settable clock and signed-in people. */
export interface ApiWorld {
  readonly app: FastifyInstance;
  /** The server's clock (epoch ms); tests move it. */
  readonly clock: { now: number };
  /** Call the API as a person (null: without a session); JSON bodies; the Origin header of the server. */
  call(
    person: string | null,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

const PASSWORD = 'correct horse battery staple';

/** Build the server, add each person with a role and grant them the cases, sign them in. */
export async function apiWorld(
  casesDir: string,
  people: ReadonlyArray<readonly [string, string]>,
  cases: readonly string[],
): Promise<ApiWorld> {
  const clock = { now: Date.now() };
  const app = await buildServer({ casesDir, now: () => clock.now });
  const deps = { people: app.vigie.people, now: () => clock.now, actor: 'test', casesDir };
  const cookies = new Map<string, string>();
  const origin = { origin: 'http://localhost:80' };
  for (const [name, role] of people) {
    await addPerson(deps, { name, role, password: PASSWORD });
    for (const c of cases) await grantCase(deps, { name, case: c });
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: origin,
      payload: { username: name, password: PASSWORD },
    });
    const cookie = r.cookies.find((c) => c.name === 'vigie_session');
    if (r.statusCode !== 200 || !cookie) throw new Error(`sign-in of ${name}: ${r.statusCode} ${r.body}`);
    cookies.set(name, `${cookie.name}=${cookie.value}`);
  }
  return {
    app,
    clock,
    call: (person, method, url, body) =>
      app.inject({
        method,
        url,
        headers: { ...origin, ...(person ? { cookie: cookies.get(person) ?? '' } : {}) },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}
