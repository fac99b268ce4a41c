import type { PeopleDeps } from './users-store.js';

/** One person as `vigie users list --json` and `GET /api/v1/people` show them (never the password hash). */
export interface PersonItem {
  readonly name: string;
  readonly role: string;
  readonly disabled: boolean;
  readonly cases: string[];
  /** ISO-8601 UTC */
  readonly created: string;
  readonly createdBy: string;
}

/** Every person, by name, with role, state and granted cases. */
export async function listPeople(deps: Pick<PeopleDeps, 'people'>): Promise<PersonItem[]> {
  return (await deps.people.people()).map((p) => ({
    name: p.name,
    role: p.role,
    disabled: p.disabled,
    cases: p.cases,
    created: new Date(p.createdAt).toISOString(),
    createdBy: p.createdBy,
  }));
}
