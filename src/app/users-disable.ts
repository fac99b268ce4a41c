import { AppError } from '../domain/errors.js';
import type { PeopleDeps } from './users-store.js';

/** Disable (or enable again) a person; disabling ends their sessions at once. */
export async function disablePerson(
  deps: PeopleDeps & { readonly actor: string },
  input: { name: string; enable?: boolean },
): Promise<{ name: string; disabled: boolean }> {
  const person = await deps.people.person(input.name);
  if (!person) throw new AppError('NOT_FOUND', `${deps.people.where}: no person named '${input.name}'`);
  const disabled = !input.enable;
  await deps.people.setDisabled(input.name, disabled);
  if (disabled) await deps.people.endSessionsOf(input.name);
  if (person.disabled !== disabled)
    await deps.people.recordEvent({
      at: deps.now(),
      actor: deps.actor,
      action: disabled ? 'disable' : 'enable',
      person: input.name,
      detail: '',
    });
  return { name: input.name, disabled };
}
