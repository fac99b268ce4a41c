/**
 * Tables of the people store (`CASES_DIR/server.sqlite` or the PostgreSQL people schema): people, their case
 * grants, sessions and the server's own log.
 */
export interface ServerDB {
  person: PersonTable;
  case_grant: CaseGrantTable;
  session: SessionTable;
  sign_in: SignInTable;
  people_event: PeopleEventTable;
}

/** One person who may sign in to the workbench. */
export interface PersonTable {
  name: string;
  role: string;
  /** argon2id PHC string. */
  password_hash: string;
  /** 0/1 */
  disabled: number;
  /** epoch ms */
  created_at: number;
  created_by: string;
}

/** A case folder (by name, under CASES_DIR) a person may open. */
export interface CaseGrantTable {
  person: string;
  case_name: string;
  granted_at: number;
  granted_by: string;
}

/** An open session: the SHA-256 of the random id only (the cookie holds the id). */
export interface SessionTable {
  id_hash: string;
  person: string;
  created_at: number;
  last_seen_at: number;
  address: string;
}

/** Every sign-in attempt: `ok`, `bad-password`, `unknown`, `disabled` or `locked`. */
export interface SignInTable {
  seq: number | undefined;
  at: number;
  name: string;
  address: string;
  outcome: string;
}

/** Changes to people (`add`, `grant`, `revoke`, `disable`, `enable`, `password`), by whom. */
export interface PeopleEventTable {
  seq: number | undefined;
  at: number;
  actor: string;
  action: string;
  person: string;
  detail: string;
}
