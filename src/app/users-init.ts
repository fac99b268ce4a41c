import { existsSync } from 'node:fs';
import { AppError } from '../domain/errors.js';
import { checkDatabaseUrl } from '../store/postgres/store.js';
import { PEOPLE_SCHEMA } from '../store/postgres/server-db.js';
import {
  openPeopleAt,
  peopleLocation,
  serverDbFile,
  serverJsonFile,
  writeServerJson,
} from '../store/server/location.js';
import { checkCasesDir } from './users-store.js';

/** The answer of `vigie users init`: where the people are now (no password) and how many there are already. */
export interface PeopleInit {
  /** `postgres://HOST:PORT/DB#schema` */
  readonly people: string;
  /** The server.json written (or found already naming the same schema). */
  readonly config: string;
  readonly persons: number;
  /** false when server.json named this schema already. */
  readonly changed: boolean;
}

/**
 * Keep a cases folder's people on PostgreSQL: make (or join) the people schema, then write `DIR/server.json` naming
 * it, which every later `vigie users …` and `vigie serve --cases DIR` reads. Refuses a folder whose people are
 * elsewhere already (people in server.sqlite, or server.json naming another schema).
 */
export async function initPeople(input: {
  casesDir: string;
  database: string;
  schema?: string;
}): Promise<PeopleInit> {
  checkCasesDir(input.casesDir);
  checkDatabaseUrl(input.database);
  const target = { url: input.database, schema: input.schema ?? PEOPLE_SCHEMA };
  const config = serverJsonFile(input.casesDir);
  const current = peopleLocation(input.casesDir);
  if (current.kind === 'postgres' && (current.url !== target.url || current.schema !== target.schema))
    throw new AppError(
      'CASE_EXISTS',
      `${config}: this cases folder's people are at ${current.url}#${current.schema} already; refusing to point it elsewhere`,
    );
  const sqlite = serverDbFile(input.casesDir);
  if (current.kind === 'sqlite' && existsSync(sqlite)) {
    const old = await openPeopleAt(current);
    const n = (await old.people().finally(() => old.close())).length;
    if (n > 0)
      throw new AppError(
        'CASE_EXISTS',
        `${sqlite}: holds ${n} people already; refusing to leave them behind (add them again on PostgreSQL after moving server.sqlite away)`,
      );
  }
  const store = await openPeopleAt({ kind: 'postgres', ...target, config }, { createSchema: true });
  let persons: number;
  try {
    persons = (await store.people()).length;
  } finally {
    await store.close();
  }
  if (current.kind === 'sqlite') writeServerJson(input.casesDir, target);
  return { people: store.where, config, persons, changed: current.kind === 'sqlite' };
}
