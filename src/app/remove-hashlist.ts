import type { CaseContext } from './context.js';
import { AppError } from '../domain/errors.js';
import { appendAudit } from '../store/audit.js';
import { getHashList, removeHashList } from '../store/hashlists.js';

/** Remove list NAME: its entries and matches go, its history and source file stay (audited). */
export async function removeHashListUseCase(
  deps: Pick<CaseContext, 'db' | 'user'>,
  input: { name: string },
): Promise<{ name: string; version: number; entriesRemoved: number }> {
  const raw = deps.db.raw;
  return raw.transaction(() => {
    const list = getHashList(raw, input.name);
    if (!list) throw new AppError('HASHLIST_NOT_FOUND', `no hash list named '${input.name}'`);
    const entriesRemoved = removeHashList(raw, input.name, new Date().toISOString());
    appendAudit(raw, {
      user: deps.user,
      command: 'hashlist remove',
      subject: input.name,
      details: { version: list.version, entriesRemoved, sourceId: list.source_id },
    });
    return { name: input.name, version: list.version, entriesRemoved };
  })();
}
