import { isRole } from '../domain/roles.js';
import { sessionHash } from './users-sign-in.js';
import type { PeopleDeps, Person } from './users-store.js';

/** Session lifetimes: idle (since the last request) and absolute (since sign-in). */
export interface SessionPolicy {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

/** Defaults: 30 minutes idle, 12 hours absolute. */
export const DEFAULT_SESSION: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/** A live session: who, and when it ends unless used again. */
export interface LiveSession {
  readonly person: Person;
  readonly cases: string[];
  readonly createdAt: number;
  /** epoch ms: the idle or the absolute expiry, whichever comes first. */
  readonly expiresAt: number;
}

/**
 * The person behind a session id, or null when the session is unknown, idle or too old (then ended) or its person
 * is disabled; a live session's idle clock restarts.
 */
export async function resolveSession(
  deps: PeopleDeps,
  input: { sessionId: string },
  policy: SessionPolicy = DEFAULT_SESSION,
): Promise<LiveSession | null> {
  const idHash = sessionHash(input.sessionId);
  const s = await deps.people.session(idHash);
  if (!s) return null;
  const now = deps.now();
  if (now - s.lastSeenAt > policy.idleMs || now - s.createdAt > policy.absoluteMs) {
    await deps.people.endSession(idHash);
    return null;
  }
  const row = await deps.people.person(s.person);
  if (!row || row.disabled || !isRole(row.role)) {
    await deps.people.endSession(idHash);
    return null;
  }
  if (now > s.lastSeenAt) await deps.people.touchSession(idHash, now);
  return {
    person: { name: row.name, role: row.role },
    cases: await deps.people.grants(row.name),
    createdAt: s.createdAt,
    expiresAt: Math.min(now + policy.idleMs, s.createdAt + policy.absoluteMs),
  };
}

/** End a session (sign-out). */
export async function endSession(
  deps: Pick<PeopleDeps, 'people'>,
  input: { sessionId: string },
): Promise<void> {
  await deps.people.endSession(sessionHash(input.sessionId));
}
