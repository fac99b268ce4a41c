import type { PeopleStore, Person } from '../app/users-store.js';
import type { SessionPolicy } from '../app/users-session.js';
import type { ThrottlePolicy } from '../app/users-sign-in.js';

/** What every route of the server shares: the cases folder, the people store, the clock and the policies. */
export interface ServerContext {
  readonly casesDir: string;
  /** The only folder import jobs read from (`vigie serve --intake`, default CASES_DIR/intake). */
  readonly intakeDir: string;
  readonly people: PeopleStore;
  readonly now: () => number;
  /** Served over TLS: cookies are Secure, the own origin is https. */
  readonly secure: boolean;
  readonly session: SessionPolicy;
  readonly throttle: ThrottlePolicy;
  /** Check every JSON answer against its contract (tests; a mismatch is an INTERNAL error). */
  readonly validateResponses: boolean;
  /** Origins accepted on non-GET requests besides the server's own (`scheme://host[:port]`). */
  readonly origins: readonly string[];
  /** `vigie serve --categories FILE`: the scheme of cases without their own `categories.json`. */
  readonly categoriesFile: string | null;
  /** `vigie serve --signing-key NAME`: the unit key that signs referral packages (null: the workbench builds none). */
  readonly signingKey: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The Vigie server's shared context. */
    vigie: ServerContext;
  }
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'vigie_session';

export type { Person };
