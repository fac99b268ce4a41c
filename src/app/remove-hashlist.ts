import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';

/** Remove list NAME: its entries and matches go, its history and source file stay (audited). */
export async function removeHashListUseCase(
  deps: Pick<CaseContext, 'store' | 'user'>,
  input: { name: string },
): Promise<{ name: string; version: number; entriesRemoved: number }> {
  return deps.store.transaction(async (tx) => {
    const list = await tx.hashlists.get(input.name);
    if (!list) throw new AppError('HASHLIST_NOT_FOUND', `no hash list named '${input.name}'`);
    const entriesRemoved = await tx.hashlists.remove(input.name, new Date().toISOString());
    await tx.audit.append({
      user: deps.user,
      command: 'hashlist remove',
      subject: input.name,
      details: { version: list.version, entriesRemoved, sourceId: list.source_id },
    });
    return { name: input.name, version: list.version, entriesRemoved };
  });
}
