import type { CaseContext } from './context.js';

/** One source as `vigie sources --json` shows it: an imported export or a legal-process return. */
export interface SourceItem {
  readonly id: string;
  /** `telegram-json`, `telegram-html`, `returns` … */
  readonly kind: string;
  /** The collecting account's label (`--account`), or the return's reference; null when none was given. */
  readonly label: string | null;
  /** SHA-256 of the source's main file (result.json, messages.html, the return file). */
  readonly sha256: string;
  /** Per-item issues recorded for this source. */
  readonly issues: number;
}

/** Every source of the case, by id, with its label and how many issues it has. */
export async function listSources(deps: Pick<CaseContext, 'store'>): Promise<SourceItem[]> {
  return deps.store.transaction(
    async (tx) => {
      const sources = await tx.sources.listSources();
      const counts = new Map<string, number>();
      for (const run of await tx.runs.list())
        for (const i of await tx.runs.issues(run.id))
          if (i.source_id) counts.set(i.source_id, (counts.get(i.source_id) ?? 0) + 1);
      return sources.map((s) => ({ ...s, issues: counts.get(s.id) ?? 0 }));
    },
    { readonly: true },
  );
}
