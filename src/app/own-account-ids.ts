import type { Repositories } from '../store/repositories.js';

/**
 * Ids of the case's own (collecting, undercover) accounts as every listing marks them (issue 19): read live from
 * the imports and people's marks, so a mark made after the last analysis shows at once.
 */
export async function ownAccountIds(store: Pick<Repositories, 'own'>): Promise<ReadonlySet<string>> {
  return new Set((await store.own.list()).keys());
}

/** Whether an actor id (or null) is one of the case's own accounts. */
export function isOwn(own: ReadonlySet<string>, id: string | null | undefined): boolean {
  return id !== null && id !== undefined && own.has(id);
}
