import type { CaseContext } from './context.js';

/** One list with its history, as `vigie hashlist list --json` prints it. */
export interface HashListInfo {
  readonly name: string;
  readonly role: string;
  readonly format: string;
  readonly version: number;
  readonly entries: number;
  readonly byType: Record<string, number>;
  readonly sourceId: string;
  readonly updatedAt: string;
  readonly history: {
    version: number;
    sha256: string;
    status: string;
    entries: number;
    addedAt: string;
    addedBy: string;
    endedAt: string | null;
  }[];
}

/** Current lists (by name) with their version history; removed lists appear under `removed`. */
export async function listHashListsUseCase(
  deps: Pick<CaseContext, 'store'>,
): Promise<{ lists: HashListInfo[]; removed: { name: string; versions: number }[] }> {
  const { versions, current } = await deps.store.transaction(
    async (tx) => {
      const current = [];
      for (const l of await tx.hashlists.list())
        current.push({ ...l, byType: await tx.hashlists.countsByType(l.name) });
      return { versions: await tx.hashlists.versions(), current };
    },
    { readonly: true },
  );
  const historyOf = (name: string): HashListInfo['history'] =>
    versions
      .filter((v) => v.list_name === name)
      .map((v) => ({
        version: v.version,
        sha256: v.sha256,
        status: v.status,
        entries: v.entries,
        addedAt: v.added_at,
        addedBy: v.added_by,
        endedAt: v.ended_at,
      }));
  const lists = current.map((l) => ({
    name: l.name,
    role: l.role,
    format: l.format,
    version: l.version,
    entries: l.entries,
    byType: l.byType,
    sourceId: l.source_id,
    updatedAt: l.updated_at,
    history: historyOf(l.name),
  }));
  const names = new Set(lists.map((l) => l.name));
  const removedNames = [...new Set(versions.map((v) => v.list_name))].filter((n) => !names.has(n)).sort();
  return { lists, removed: removedNames.map((name) => ({ name, versions: historyOf(name).length })) };
}
