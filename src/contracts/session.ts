import * as z from 'zod';
import { CaseName, Ok, Role, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';

/** `POST /api/v1/session` body. */
export const SignInBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** Who is signed in and until when. */
export const SessionInfo = z.object({
  name: z.string(),
  role: Role,
  /** Case folder names granted to the person. */
  cases: z.array(z.string()),
  /** ISO-8601 UTC: the session ends then unless used again (idle) and at the latest (absolute). */
  expiresAt: z.string(),
});
/** Who is signed in and until when. */
export type SessionInfo = z.infer<typeof SessionInfo>;

/** A person as admins see them (never a password hash). */
export const PersonItem = z.object({
  name: z.string(),
  role: z.string(),
  disabled: z.boolean(),
  cases: z.array(z.string()),
  created: z.string(),
  createdBy: z.string(),
});

/** `{name}` of a person. */
export const PersonParams = z.object({ name: z.string().min(1).max(64) });

/** `POST /api/v1/people` body: without a password, a random one is made and returned once. */
export const AddPersonBody = z.object({
  name: z.string().min(1).max(64),
  role: Role,
  password: z.string().min(12).max(1024).optional(),
});

/** The added person (the password only when the server made it). */
export const AddedPerson = z.object({ name: z.string(), role: Role, password: z.string().optional() });

/** `POST /api/v1/people/{name}/grants` body. */
export const GrantBody = z.object({ case: CaseName, revoke: z.boolean().optional() });

/** A person's cases after a grant or revoke. */
export const GrantResult = z.object({ name: z.string(), cases: z.array(z.string()), changed: z.boolean() });

/** `POST /api/v1/people/{name}/disable` body. */
export const DisableBody = z.object({ enable: z.boolean().optional() });

/** Sign-in, sign-out, who am I, and people management. */
export const SESSION_ROUTES = [
  {
    id: 'session.signIn',
    method: 'POST',
    path: '/api/v1/session',
    summary: 'Sign in with a name and password; sets the session cookie',
    roles: 'public',
    caseScoped: false,
    body: SignInBody,
    response: SessionInfo,
    audited: true,
  },
  {
    id: 'session.get',
    method: 'GET',
    path: '/api/v1/session',
    summary: 'Who is signed in',
    roles: 'signed-in',
    caseScoped: false,
    response: SessionInfo,
  },
  {
    id: 'session.signOut',
    method: 'DELETE',
    path: '/api/v1/session',
    summary: 'Sign out (ends the session, clears the cookie)',
    roles: 'signed-in',
    caseScoped: false,
    response: Ok,
  },
  {
    id: 'people.list',
    method: 'GET',
    path: '/api/v1/people',
    summary: 'Every person with role, state and granted cases',
    roles: ROLE_SETS.admins,
    caseScoped: false,
    response: z.object({ items: z.array(PersonItem) }),
  },
  {
    id: 'people.add',
    method: 'POST',
    path: '/api/v1/people',
    summary: 'Add a person (a random password is returned once when none is given)',
    roles: ROLE_SETS.admins,
    caseScoped: false,
    body: AddPersonBody,
    response: AddedPerson,
    audited: true,
  },
  {
    id: 'people.grant',
    method: 'POST',
    path: '/api/v1/people/{name}/grants',
    summary: 'Grant (or revoke) a person a case',
    roles: ROLE_SETS.admins,
    caseScoped: false,
    params: PersonParams,
    body: GrantBody,
    response: GrantResult,
    audited: true,
  },
  {
    id: 'people.disable',
    method: 'POST',
    path: '/api/v1/people/{name}/disable',
    summary: 'Disable (or enable again) a person; ends their sessions',
    roles: ROLE_SETS.admins,
    caseScoped: false,
    params: PersonParams,
    body: DisableBody,
    response: z.object({ name: z.string(), disabled: z.boolean() }),
    audited: true,
  },
] as const satisfies readonly RouteContract[];
