import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { isRole } from '../domain/roles.js';
import { checkPassword, type PeopleDeps, type Person } from './users-store.js';

/** Sign-in throttling: after `maxFailures` failures an account (or address) is locked, twice as long each time. */
export interface ThrottlePolicy {
  /** Failures of one account (since its last success) before it is locked. */
  readonly maxFailures: number;
  /** Failures from one address (within the window) before it is locked. */
  readonly maxAddressFailures: number;
  /** First lock-out; doubles with each further failure. */
  readonly lockMs: number;
  readonly maxLockMs: number;
  /** Failures older than this are forgotten. */
  readonly windowMs: number;
}

/** Defaults: 5 failures per account, 20 per address, 30 s lock doubling up to 1 h, failures forgotten after 24 h. */
export const DEFAULT_THROTTLE: ThrottlePolicy = {
  maxFailures: 5,
  maxAddressFailures: 20,
  lockMs: 30_000,
  maxLockMs: 3_600_000,
  windowMs: 86_400_000,
};

/** The SHA-256 (hex) under which a session id is stored. */
export function sessionHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Seconds until a key with `count` failures, the last at `lastAt`, may try again (0: now). */
function lockedFor(count: number, lastAt: number, max: number, p: ThrottlePolicy, now: number): number {
  if (count < max) return 0;
  const lock = Math.min(p.lockMs * 2 ** (count - max), p.maxLockMs);
  return Math.max(0, Math.ceil((lastAt + lock - now) / 1000));
}

/**
 * Check a name and password from an address: throttled (THROTTLED with `retryAfter` seconds), failures answer the
 * same UNAUTHENTICATED after the same work whether the name exists or not; every attempt goes to the sign-in log,
 * first as `pending` (counted as a failure by attempts made meanwhile, on any server), then with its outcome.
 * On success, opens a session and returns its id (the cookie value; only its hash is stored).
 */
export async function signIn(
  deps: PeopleDeps,
  input: { name: string; password: string; address: string },
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<{ person: Person; sessionId: string; createdAt: number }> {
  const { people } = deps;
  const now = deps.now();
  const attempt = { at: now, name: input.name, address: input.address };
  const { seq, account: acc, address: addr } = await people.beginSignIn(attempt, now - policy.windowMs);
  const wait = Math.max(
    lockedFor(acc.count, acc.lastAt, policy.maxFailures, policy, now),
    lockedFor(addr.count, addr.lastAt, policy.maxAddressFailures, policy, now),
  );
  const record = (outcome: 'ok' | 'bad-password' | 'unknown' | 'disabled' | 'locked'): Promise<void> =>
    people.settleSignIn(seq, outcome);
  if (wait > 0) {
    await record('locked');
    throw new AppError('THROTTLED', `sign-in: too many failed attempts; try again in ${wait} s`, {
      retryAfter: wait,
    });
  }
  const row = await people.person(input.name);
  const ok = await checkPassword(row?.passwordHash, input.password);
  if (!row || !ok || !isRole(row.role)) {
    await record(row ? 'bad-password' : 'unknown');
    throw new AppError('UNAUTHENTICATED', 'sign-in: wrong name or password');
  }
  if (row.disabled) {
    await record('disabled');
    throw new AppError('FORBIDDEN', `sign-in: the account '${row.name}' is disabled`);
  }
  await record('ok');
  const sessionId = randomBytes(32).toString('base64url');
  await people.createSession({
    idHash: sessionHash(sessionId),
    person: row.name,
    createdAt: now,
    lastSeenAt: now,
    address: input.address,
  });
  return { person: { name: row.name, role: row.role }, sessionId, createdAt: now };
}
