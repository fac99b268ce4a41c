/** A person as the people store keeps them. */
export interface PersonRow {
  readonly name: string;
  readonly role: string;
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly createdAt: number;
  readonly createdBy: string;
}

/** An open session (the id itself is never stored, only its SHA-256). */
export interface SessionRow {
  readonly idHash: string;
  readonly person: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly address: string;
}

/** One sign-in attempt of the server's log. */
export interface SignInRow {
  readonly seq: number;
  readonly at: number;
  readonly name: string;
  readonly address: string;
  readonly outcome: SignInOutcome;
}

/**
 * How a sign-in attempt ended (`pending` while its password is checked); every outcome but `ok` and `locked`
 * counts as a failure for throttling, `pending` included, so attempts made at once count each other.
 */
export type SignInOutcome = 'ok' | 'bad-password' | 'unknown' | 'disabled' | 'locked' | 'pending';

/** Failed attempts of one account or address: how many and when the last one was (epoch ms). */
export interface Failures {
  readonly count: number;
  readonly lastAt: number;
}

/** A change to people, for the server's log. */
export interface PeopleEvent {
  readonly at: number;
  readonly actor: string;
  readonly action: 'add' | 'grant' | 'revoke' | 'disable' | 'enable' | 'password';
  readonly person: string;
  readonly detail: string;
}

/**
 * The people store of a cases folder (`server.sqlite`, or a schema on PostgreSQL named by `server.json`): people,
 * grants, sessions and the sign-in log.
 */
export interface PeopleStore {
  /** Where the store is, for messages: the file, or `postgres://HOST:PORT/DB#schema` (no password). */
  readonly where: string;
  person(name: string): Promise<PersonRow | undefined>;
  /** Every person (by name) with the case names granted to them (sorted). */
  people(): Promise<(PersonRow & { cases: string[] })[]>;
  /** Add a person; false when the name is taken. */
  addPerson(p: Omit<PersonRow, 'disabled'>): Promise<boolean>;
  setDisabled(name: string, disabled: boolean): Promise<void>;
  setPassword(name: string, passwordHash: string): Promise<void>;
  /** Grant a case; false when it was granted already. */
  grant(name: string, caseName: string, at: number, by: string): Promise<boolean>;
  /** Revoke a case; false when it was not granted. */
  revoke(name: string, caseName: string): Promise<boolean>;
  /** Case names granted to a person, sorted. */
  grants(name: string): Promise<string[]>;
  recordEvent(e: PeopleEvent): Promise<void>;
  createSession(s: SessionRow): Promise<void>;
  session(idHash: string): Promise<SessionRow | undefined>;
  touchSession(idHash: string, at: number): Promise<void>;
  endSession(idHash: string): Promise<void>;
  /** End every session of a person (disabled, password changed). */
  endSessionsOf(name: string): Promise<void>;
  /** Drop sessions last seen before `idleBefore` or created before `createdBefore`. */
  pruneSessions(idleBefore: number, createdBefore: number): Promise<void>;
  /**
   * Log an attempt as `pending` and, in the same step, count the failed attempts logged before it, of its account
   * name (since the name's last success) and of its address, at or after `since`. Steps are serialised across
   * every process on the store, so concurrent attempts (on several servers too) are counted in log order.
   */
  beginSignIn(
    r: { at: number; name: string; address: string },
    since: number,
  ): Promise<{ seq: number; account: Failures; address: Failures }>;
  /** Set the outcome of a pending attempt. */
  settleSignIn(seq: number, outcome: Exclude<SignInOutcome, 'pending'>): Promise<void>;
  /** The newest sign-in attempts, newest first. */
  signIns(limit: number): Promise<SignInRow[]>;
  close(): Promise<void>;
}
