import type { CaseContext } from './context.js';
import { listChatSummaries, type ChatSummary } from '../store/case-counts.js';

export type { ChatSummary };

/** Every chat of the case with its figures (sorted by platform id). */
export async function listChats(deps: Pick<CaseContext, 'db'>): Promise<ChatSummary[]> {
  return listChatSummaries(deps.db.raw);
}
