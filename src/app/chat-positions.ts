import type { CaseContext } from './context.js';
import { isoUtc } from '../domain/time.js';

/** A message's place in a chat. */
export interface ChatPosition {
  readonly chat: string;
  readonly message: number;
  readonly date: string | null;
}

/** Where one actor is in the chats. */
export interface ActorChatPositions {
  readonly actor: string;
  /** The first post of the earliest new cluster the actor originated, or null. */
  readonly firstPost: ChatPosition | null;
  /** The actor's latest message with a time, or null. */
  readonly latestMessage: ChatPosition | null;
}

/** Where actors' first post of new content and latest message are ("show in chat" from the targets view). */
export async function chatPositions(
  deps: Pick<CaseContext, 'store'>,
  input: { actors: readonly string[] },
): Promise<{ items: ActorChatPositions[] }> {
  const rows = await deps.store.chats.positions(input.actors);
  const at = (p: { chat_id: string; message_id: number; date_utc: number | null } | null) =>
    p && { chat: p.chat_id, message: p.message_id, date: isoUtc(p.date_utc) };
  return {
    items: rows.map((r) => ({ actor: r.actor, firstPost: at(r.firstPost), latestMessage: at(r.latest) })),
  };
}
