import type { FastifyInstance, FastifyReply } from 'fastify';
import { SESSION_ROUTES } from '../../contracts/session.js';
import { signIn } from '../../app/users-sign-in.js';
import { endSession } from '../../app/users-session.js';
import { addPerson } from '../../app/users-add.js';
import { grantCase } from '../../app/users-grant.js';
import { listPeople } from '../../app/users-list.js';
import { disablePerson } from '../../app/users-disable.js';
import { defineRoute } from '../route.js';
import { SESSION_COOKIE } from '../context.js';

const [signInRoute, getRoute, signOutRoute, listRoute, addRoute, grantRoute, disableRoute] = SESSION_ROUTES;

function setSessionCookie(app: FastifyInstance, reply: FastifyReply, value: string, clear = false): void {
  const opts = { path: '/', httpOnly: true, sameSite: 'strict', secure: app.vigie.secure } as const;
  if (clear) void reply.clearCookie(SESSION_COOKIE, opts);
  else void reply.setCookie(SESSION_COOKIE, value, opts);
}

/** Sign-in, sign-out, who am I; people management for admins. */
export function sessionRoutes(app: FastifyInstance): void {
  const deps = { people: app.vigie.people, now: app.vigie.now };
  defineRoute(app, signInRoute, async ({ body, req, reply }) => {
    const s = await signIn(
      deps,
      { name: body.username, password: body.password, address: req.ip },
      app.vigie.throttle,
    );
    setSessionCookie(app, reply, s.sessionId);
    const { idleMs, absoluteMs } = app.vigie.session;
    return {
      ...s.person,
      cases: await app.vigie.people.grants(s.person.name),
      expiresAt: new Date(s.createdAt + Math.min(idleMs, absoluteMs)).toISOString(),
    };
  });
  defineRoute(app, getRoute, async ({ session }) => ({
    ...session!.person,
    cases: session!.cases,
    expiresAt: new Date(session!.expiresAt).toISOString(),
  }));
  defineRoute(app, signOutRoute, async ({ req, reply }) => {
    const id = req.cookies[SESSION_COOKIE];
    if (id) await endSession(deps, { sessionId: id });
    setSessionCookie(app, reply, '', true);
    return { ok: true as const };
  });
  defineRoute(app, listRoute, async () => ({ items: await listPeople(deps) }));
  defineRoute(app, addRoute, async ({ person, body }) => addPerson({ ...deps, actor: person.name }, body));
  defineRoute(app, grantRoute, async ({ person, params, body }) =>
    grantCase(
      { ...deps, actor: person.name, casesDir: app.vigie.casesDir },
      { name: params.name, case: body.case, ...(body.revoke ? { revoke: true } : {}) },
    ),
  );
  defineRoute(app, disableRoute, async ({ person, params, body }) =>
    disablePerson(
      { ...deps, actor: person.name },
      { name: params.name, ...(body.enable ? { enable: true } : {}) },
    ),
  );
}
