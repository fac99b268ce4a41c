import type { CaseContext } from './context.js';
import type { ChatSummary } from '../store/case-counts.js';

export type { ChatSummary };

/** Every chat of the case with its figures (sorted by platform id). */
export async function listChats(deps: Pick<CaseContext, 'store'>): Promise<ChatSummary[]> {
  return deps.store.transaction((tx) => tx.analysis.chatSummaries(), { readonly: true });
}
