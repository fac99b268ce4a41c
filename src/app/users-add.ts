import { AppError } from '../domain/errors.js';
import type { RoleName } from '../domain/roles.js';
import { checkPersonName, checkRole, hashPassword, randomPassword, type PeopleDeps } from './users-store.js';

/** The answer of `vigie users add`: the random password only when one was made (printed once). */
export interface AddedPerson {
  readonly name: string;
  readonly role: RoleName;
  readonly password?: string;
}

/** Add a person with a role; without a password, make a random one and return it (it is never stored in clear). */
export async function addPerson(
  deps: PeopleDeps & { readonly actor: string },
  input: { name: string; role: string; password?: string },
): Promise<AddedPerson> {
  checkPersonName(input.name);
  const role = checkRole(input.role);
  const password = input.password ?? randomPassword();
  const passwordHash = await hashPassword(password);
  const at = deps.now();
  if (
    !(await deps.people.addPerson({
      name: input.name,
      role,
      passwordHash,
      createdAt: at,
      createdBy: deps.actor,
    }))
  )
    throw new AppError('USAGE', `${deps.people.where}: a person named '${input.name}' exists already`);
  await deps.people.recordEvent({ at, actor: deps.actor, action: 'add', person: input.name, detail: role });
  return { name: input.name, role, ...(input.password === undefined ? { password } : {}) };
}
