import type Database from 'better-sqlite3';

/**
 * Attach basic groups to the supergroups they became (spec §2.5): a supergroup export carries the old
 * group's history with ids − 1,000,000,000; when a basic-group chat holds a message with the original id,
 * the same type and the same time, the supergroup's `migrated_from` names that group. `chats` are the
 * chats of the source just written: only pairs involving one of them are examined.
 */
export function linkMigratedGroups(raw: Database.Database, chats: readonly string[]): void {
  const ids = (sql: string): string[] => (raw.prepare(sql).all() as { id: string }[]).map((r) => r.id);
  const groups = ids(`SELECT id FROM chat WHERE id LIKE 'telegram:chat%'`);
  const supers = ids(`SELECT id FROM chat WHERE id LIKE 'telegram:channel%' AND migrated_from IS NULL`);
  if (!groups.length || !supers.length) return;
  const legacy = raw.prepare(
    'SELECT message_id, type, date_utc FROM message WHERE chat_id = ? AND message_id < -900000000 ORDER BY message_id LIMIT 5',
  );
  const probe = raw.prepare(
    'SELECT 1 FROM message WHERE chat_id = ? AND message_id = ? AND type = ? AND date_utc IS ?',
  );
  const link = raw.prepare('UPDATE chat SET migrated_from = ? WHERE id = ?');
  for (const sg of supers) {
    const olds = legacy.all(sg) as { message_id: number; type: string; date_utc: number | null }[];
    if (!olds.length) continue;
    const candidates = chats.includes(sg) ? groups : groups.filter((g) => chats.includes(g));
    const hit = candidates.find((g) =>
      olds.some((o) => probe.get(g, o.message_id + 1_000_000_000, o.type, o.date_utc)),
    );
    if (hit) link.run(hit, sg);
  }
}
