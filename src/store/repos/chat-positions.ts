import type { StoreQ } from '../port.js';

/** A message's place: chat, message id and UTC time (epoch ms). */
export interface ChatPositionRow {
  readonly chat_id: string;
  readonly message_id: number;
  readonly date_utc: number | null;
}

/** An actor's first post of new content (the earliest cluster they originated) and their latest dated message. */
export interface ActorPositionsRow {
  readonly actor: string;
  readonly firstPost: ChatPositionRow | null;
  readonly latest: ChatPositionRow | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * For each actor: the first message of the earliest new cluster they originated (cluster order: first seen, then
 * id) and their latest message with a time (time, then chat and id, descending). Actors in the order asked.
 */
export async function chatPositions(q: StoreQ, actorIds: readonly string[]): Promise<ActorPositionsRow[]> {
  const out: ActorPositionsRow[] = [];
  for (const actor of actorIds) {
    const c = await q.db
      .selectFrom('cluster')
      .select(['first_chat_id', 'first_message_id', 'first_seen'])
      .where('originator_id', '=', actor)
      .where('status', '=', 'new')
      .where('first_chat_id', 'is not', null)
      .where('first_message_id', 'is not', null)
      .orderBy('first_seen')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    const m = await q.db
      .selectFrom('message')
      .select(['chat_id', 'message_id', 'date_utc'])
      .where('author_id', '=', actor)
      .where('date_utc', 'is not', null)
      .orderBy('date_utc', 'desc')
      .orderBy('chat_id', 'desc')
      .orderBy('message_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    out.push({
      actor,
      firstPost:
        c && c.first_chat_id !== null && c.first_message_id !== null
          ? {
              chat_id: c.first_chat_id,
              message_id: Number(c.first_message_id),
              date_utc: num(c.first_seen),
            }
          : null,
      latest: m ? { chat_id: m.chat_id, message_id: Number(m.message_id), date_utc: num(m.date_utc) } : null,
    });
  }
  return out;
}
