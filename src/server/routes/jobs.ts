import type { FastifyInstance } from 'fastify';
import { JOB_ROUTES, type JobEvent } from '../../contracts/jobs.js';
import { defineRoute } from '../route.js';
import { readCase, writeCase } from '../case-access.js';
import type { Person } from '../context.js';
import { JobRunner } from '../jobs/runner.js';
import { listIntake } from '../jobs/intake.js';

/** Milliseconds between keep-alive comments on an event stream. */
const HEARTBEAT_MS = 15_000;

const [createRoute, listRoute, showRoute, eventsRoute, cancelRoute, intakeRoute] = JOB_ROUTES;

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's job runner (one job at a time per case). */
    vigieJobs: JobRunner<Person>;
  }
}

/** Jobs from the browser: queue, list, follow (server-sent events), cancel; the intake folders. */
export function jobRoutes(app: FastifyInstance): void {
  const runner = new JobRunner<Person>({
    intakeDir: app.vigie.intakeDir,
    open: (caseDir, person, fn) => writeCase(caseDir, person, fn, { job: true }),
    openRead: (caseDir, _person, fn) => readCase(caseDir, fn),
    now: app.vigie.now,
  });
  app.decorate('vigieJobs', runner);
  app.addHook('onClose', () => runner.close());
  defineRoute(app, createRoute, async ({ person, caseDir, params, body }) => ({
    id: runner.submit(params.case, caseDir, person, body).id,
  }));
  defineRoute(app, listRoute, async ({ params }) => ({ items: runner.list(params.case) }));
  defineRoute(app, showRoute, async ({ params }) => runner.get(params.case, params.id));
  defineRoute(app, cancelRoute, async ({ person, params }) => runner.cancel(params.case, params.id, person));
  defineRoute(app, intakeRoute, async () => ({ items: listIntake(app.vigie.intakeDir) }));
  defineRoute(app, eventsRoute, async ({ params, req, reply }) => {
    runner.get(params.case, params.id); // NOT_FOUND before the stream starts
    void reply.hijack();
    const raw = reply.raw;
    // Hijacked: the security headers set on the reply are copied onto the raw answer.
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) raw.setHeader(k, v);
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    let ended = false;
    // A comment line now and then keeps idle connections (and proxies) from timing out a long job.
    const beat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const send = (e: JobEvent): void => {
      if (ended) return;
      raw.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
      if (e.event === 'end') {
        ended = true;
        clearInterval(beat);
        raw.end();
      }
    };
    const unsubscribe = runner.subscribe(params.case, params.id, send);
    if (ended) unsubscribe();
    else
      req.raw.on('close', () => {
        clearInterval(beat);
        unsubscribe();
      });
  });
}
