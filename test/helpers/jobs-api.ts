import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app.js';
import { addPerson } from '../../src/app/users-add.js';
import { grantCase } from '../../src/app/users-grant.js';
import type { Job, JobEvent } from '../../src/contracts/jobs.js';

/** The origin `app.inject()` requests come from (Host localhost:80): non-GET requests must name it. */
const ORIGIN = 'http://localhost:80';

/** A server for API tests, with people signed in by name. */
export interface JobsApi {
  readonly app: FastifyInstance;
  /** Call the API as a signed-in person (or anonymously with null); JSON in, status and JSON out. */
  call(
    who: string | null,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }>;
  /** A job's server-sent events, read until the stream ends. */
  events(who: string, caseName: string, id: string): Promise<JobEvent[]>;
  /** Poll a job until `pred` holds (or it ended), and return it. */
  until(who: string, caseName: string, id: string, pred: (j: Job) => boolean): Promise<Job>;
}

/** Build a server on `casesDir` and `intakeDir` with these people (role, granted cases), each signed in. */
export async function jobsApi(
  casesDir: string,
  intakeDir: string,
  people: ReadonlyArray<{ name: string; role: string; cases: readonly string[] }>,
): Promise<JobsApi> {
  const app = await buildServer({ casesDir, intakeDir });
  const deps = { people: app.vigie.people, now: app.vigie.now, actor: 'test', casesDir };
  const cookies = new Map<string, string>();
  for (const p of people) {
    const password = `pw-${p.name}-0123456789`;
    await addPerson(deps, { name: p.name, role: p.role, password });
    for (const c of p.cases) await grantCase(deps, { name: p.name, case: c });
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin: ORIGIN },
      payload: { username: p.name, password },
    });
    assert.equal(r.statusCode, 200, r.body);
    const c = r.cookies[0];
    assert.ok(c, `no session cookie for ${p.name}`);
    cookies.set(p.name, `${c.name}=${c.value}`);
  }
  const headers = (who: string | null): Record<string, string> => ({
    origin: ORIGIN,
    ...(who ? { cookie: cookies.get(who) ?? '' } : {}),
  });
  const call: JobsApi['call'] = async (who, method, url, body) => {
    const r = await app.inject({
      method,
      url,
      headers: headers(who),
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: r.statusCode, json: r.body ? (JSON.parse(r.body) as unknown) : null };
  };
  return {
    app,
    call,
    async events(who, caseName, id) {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseName}/jobs/${id}/events`,
        headers: headers(who),
      });
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /^text\/event-stream/);
      return r.body
        .split('\n\n')
        .filter((b) => b.trim())
        .map((block) => {
          const event = /^event: (\w+)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          return { event, data: JSON.parse(data ?? 'null') as unknown } as JobEvent;
        });
    },
    async until(who, caseName, id, pred) {
      for (;;) {
        const r = await call(who, 'GET', `/api/v1/cases/${caseName}/jobs/${id}`);
        assert.equal(r.status, 200, JSON.stringify(r.json));
        const job = r.json as Job;
        if (pred(job) || ['done', 'failed', 'cancelled'].includes(job.state)) return job;
        await new Promise((res) => setTimeout(res, 10));
      }
    },
  };
}
