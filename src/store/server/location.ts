import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { AppError } from '../../domain/errors.js';
import { openServerDb } from '../sqlite/server-db.js';
import { openPostgresPeople } from '../postgres/server-db.js';
import type { PeopleStore } from './port.js';

const ServerJson = z.object({
  format: z.literal('vigie-server'),
  formatVersion: z.literal(1),
  /** The PostgreSQL server and database (no password: PGPASSWORD or ~/.pgpass) and the people schema. */
  people: z.object({ kind: z.literal('postgres'), url: z.string(), schema: z.string() }),
});

/** Where a cases folder's people are: `DIR/server.sqlite`, or the schema on PostgreSQL that `DIR/server.json` names. */
export type PeopleLocation =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string; readonly config: string };

/** The people file of a cases folder (the embedded default). */
export function serverDbFile(casesDir: string): string {
  return join(resolve(casesDir), 'server.sqlite');
}

/** The file that moves a cases folder's people to PostgreSQL (written once by `vigie users init --database`). */
export function serverJsonFile(casesDir: string): string {
  return join(resolve(casesDir), 'server.json');
}

/** Where the people of a cases folder are: PostgreSQL when `server.json` says so, else `server.sqlite`. */
export function peopleLocation(casesDir: string): PeopleLocation {
  const config = serverJsonFile(casesDir);
  if (!existsSync(config)) return { kind: 'sqlite', file: serverDbFile(casesDir) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(config, 'utf8'));
  } catch (e) {
    throw new AppError('CASE_CORRUPT', `${config}: not JSON (${(e as Error).message})`);
  }
  const r = ServerJson.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AppError(
      'CASE_CORRUPT',
      `${config}: ${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'} (expected {format: "vigie-server", formatVersion: 1, people: {kind: "postgres", url, schema}})`,
    );
  }
  return { kind: 'postgres', url: r.data.people.url, schema: r.data.people.schema, config };
}

/** Write `server.json` naming the people schema; refuses to overwrite one. */
export function writeServerJson(casesDir: string, people: { url: string; schema: string }): void {
  const body = { format: 'vigie-server', formatVersion: 1, people: { kind: 'postgres', ...people } };
  writeFileSync(serverJsonFile(casesDir), JSON.stringify(body, null, 2) + '\n', { flag: 'wx' });
}

/**
 * Open the people store at a location. `create` makes a missing server.sqlite; a PostgreSQL people schema is made
 * only by `vigie users init` (`createSchema`), so a server pointed at the wrong database refuses instead of
 * starting with nobody.
 */
export async function openPeopleAt(
  loc: PeopleLocation,
  opts: { create?: boolean; createSchema?: boolean } = {},
): Promise<PeopleStore> {
  if (loc.kind === 'sqlite') return openServerDb(loc.file, { create: opts.create ?? false });
  return openPostgresPeople({ url: loc.url, schema: loc.schema }, { create: opts.createSchema ?? false });
}
