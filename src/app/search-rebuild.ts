import type { CaseContext } from './context.js';

/** What `vigie search --rebuild` did. */
export interface SearchRebuildReport {
  /** Documents indexed: message texts (every version), actor names, chat titles. */
  readonly documents: number;
  readonly ms: number;
  readonly auditSeq: number;
}

/**
 * Empty the search index and fill it again from the case's messages and names, in one transaction with a
 * `search rebuild` audit event (the index is derived: nothing else changes).
 */
export async function rebuildSearchIndex(
  deps: Pick<CaseContext, 'store' | 'user' | 'paths'>,
): Promise<SearchRebuildReport> {
  const started = performance.now();
  return deps.store.transaction(async (tx) => {
    const documents = await tx.search.rebuild();
    const ms = Math.round(performance.now() - started);
    const ev = await tx.audit.append({
      user: deps.user,
      command: 'search rebuild',
      subject: deps.paths.dir,
      details: { documents },
    });
    return { documents, ms, auditSeq: ev.seq };
  });
}
