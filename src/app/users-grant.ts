import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../domain/errors.js';
import { NAME_PATTERN } from '../domain/roles.js';
import type { PeopleDeps } from './users-store.js';

/** Grant (or revoke) a person a case folder of the cases folder; answers the person's cases after the change. */
export async function grantCase(
  deps: PeopleDeps & { readonly actor: string; readonly casesDir: string },
  input: { name: string; case: string; revoke?: boolean },
): Promise<{ name: string; cases: string[]; changed: boolean }> {
  const person = await deps.people.person(input.name);
  if (!person) throw new AppError('NOT_FOUND', `${deps.people.where}: no person named '${input.name}'`);
  if (!NAME_PATTERN.test(input.case))
    throw new AppError(
      'USAGE',
      `case '${input.case}': expected the name of a case folder under ${deps.casesDir}`,
    );
  const at = deps.now();
  let changed: boolean;
  if (input.revoke) changed = await deps.people.revoke(input.name, input.case);
  else {
    if (!existsSync(join(deps.casesDir, input.case, 'case.json')))
      throw new AppError('CASE_NOT_FOUND', `${join(deps.casesDir, input.case)}: no case here (no case.json)`);
    changed = await deps.people.grant(input.name, input.case, at, deps.actor);
  }
  if (changed)
    await deps.people.recordEvent({
      at,
      actor: deps.actor,
      action: input.revoke ? 'revoke' : 'grant',
      person: input.name,
      detail: input.case,
    });
  return { name: input.name, cases: await deps.people.grants(input.name), changed };
}
