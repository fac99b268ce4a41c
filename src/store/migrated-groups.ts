import type { StoreQ } from './port.js';

/**
 * Attach basic groups to the supergroups they became (spec §2.5): a supergroup export carries the old
 * group's history with ids − 1,000,000,000; when a basic-group chat holds a message with the original id,
 * the same type and the same time, the supergroup's `migrated_from` names that group. `chats` are the
 * chats of the source just written: only pairs involving one of them are examined.
 */
export async function linkMigratedGroups(q: StoreQ, chats: readonly string[]): Promise<void> {
  const all = await q.db.selectFrom('chat').select(['id', 'migrated_from']).orderBy('id').execute();
  const groups = all.filter((c) => c.id.startsWith('telegram:chat')).map((c) => c.id);
  const supers = all
    .filter((c) => c.id.startsWith('telegram:channel') && c.migrated_from === null)
    .map((c) => c.id);
  if (!groups.length || !supers.length) return;
  for (const sg of supers) {
    const olds = await q.db
      .selectFrom('message')
      .select(['message_id', 'type', 'date_utc'])
      .where('chat_id', '=', sg)
      .where('message_id', '<', -900000000)
      .orderBy('message_id')
      .limit(5)
      .execute();
    if (!olds.length) continue;
    const candidates = chats.includes(sg) ? groups : groups.filter((g) => chats.includes(g));
    let hit: string | undefined;
    for (const g of candidates) {
      for (const o of olds) {
        const found = await q.db
          .selectFrom('message')
          .select('message_id')
          .where('chat_id', '=', g)
          .where('message_id', '=', o.message_id + 1_000_000_000)
          .where('type', '=', o.type)
          .where('date_utc', o.date_utc === null ? 'is' : '=', o.date_utc)
          .executeTakeFirst();
        if (found) {
          hit = g;
          break;
        }
      }
      if (hit) break;
    }
    if (hit) await q.db.updateTable('chat').set({ migrated_from: hit }).where('id', '=', sg).execute();
  }
}
