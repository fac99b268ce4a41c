import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../domain/errors.js';
import { NAME_PATTERN, ROLES, isRole, type RoleName } from '../domain/roles.js';
import { openPeopleAt, peopleLocation } from '../store/server/location.js';
import type { PeopleStore } from '../store/server/port.js';

export type { PeopleStore, PersonRow, SignInRow } from '../store/server/port.js';

/** A signed-in person as the server sees them. */
export interface Person {
  readonly name: string;
  readonly role: RoleName;
}

/** What the people use cases need: the people store, the clock and who acts (for the log). */
export interface PeopleDeps {
  readonly people: PeopleStore;
  readonly now: () => number;
}

/** Refuse a cases folder that does not exist. */
export function checkCasesDir(casesDir: string): void {
  if (!existsSync(casesDir))
    throw new AppError('FILE_NOT_FOUND', `${resolve(casesDir)}: no such cases folder (--cases DIR)`);
}

/**
 * Open the people store of a cases folder: the PostgreSQL schema its `server.json` names, else `server.sqlite`
 * (made when `create`). Refuses a missing folder.
 */
export async function openPeople(casesDir: string, opts: { create?: boolean } = {}): Promise<PeopleStore> {
  checkCasesDir(casesDir);
  return openPeopleAt(peopleLocation(casesDir), opts);
}

/** Refuse a person name that is not a plain name. */
export function checkPersonName(name: string): void {
  if (!NAME_PATTERN.test(name))
    throw new AppError(
      'USAGE',
      `person name '${name}': expected 1–64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit`,
    );
}

/** Refuse an unknown role. */
export function checkRole(role: string): RoleName {
  if (!isRole(role)) throw new AppError('USAGE', `role '${role}': expected one of ${ROLES.join(', ')}`);
  return role;
}

/** The shortest password accepted. */
export const MIN_PASSWORD = 12;

/** A random password (24 characters of base64url, 144 bits). */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Hash a password with argon2id (the library's default algorithm and costs: 19 MiB, 2 passes). */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD)
    throw new AppError('USAGE', `password: at least ${MIN_PASSWORD} characters expected`);
  return hash(password);
}

let dummy: Promise<string> | null = null;

/** Check a password against a stored hash; with no hash, spend the same time on a dummy one and answer false. */
export async function checkPassword(stored: string | undefined, password: string): Promise<boolean> {
  dummy ??= hash(randomPassword());
  const h = stored ?? (await dummy);
  const ok = await verify(h, password).catch(() => false);
  return stored !== undefined && ok;
}

/** The case folders under a cases folder: sub-folders holding a case.json, by name (sorted). */
export function caseFolders(casesDir: string): string[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter(
      (d) => d.isDirectory() && NAME_PATTERN.test(d.name) && existsSync(join(casesDir, d.name, 'case.json')),
    )
    .map((d) => d.name)
    .sort();
}
