import type Database from 'better-sqlite3';

/** Columns of table message in the order the writer binds them (positional binding is better-sqlite3's fast path). */
export const MESSAGE_COLUMNS = (
  'chat_id message_id type author_id author_name date_utc date_local tz_assumed date_quality edited_utc text entities ' +
  'reply_to reply_to_peer forwarded_from saved_from via_bot signature action details version_hash raw source_id'
).split(' ');
/** The columns a newer version of a message replaces (not the key, not the first source). */
export const MESSAGE_CONTENT_COLUMNS = MESSAGE_COLUMNS.slice(2, -1);

/** Give a message's first source (message.source_id) its message_source row, if it has none yet (ADR 0009). */
export const MATERIALISE_FIRST_SOURCE =
  'INSERT OR IGNORE INTO message_source (chat_id, message_id, source_id, version_hash) SELECT chat_id, message_id, source_id, version_hash FROM message WHERE chat_id = ? AND message_id = ? AND source_id IS NOT NULL';

/** Every prepared statement the import writer uses. */
export type ImportStatements = ReturnType<typeof prepareImportStatements>;

/** Prepare the import writer's statements once per source. */
export function prepareImportStatements(raw: Database.Database) {
  const p = (sql: string): Database.Statement => raw.prepare(sql);
  return {
    actor: p('INSERT OR IGNORE INTO actor (id, platform, kind) VALUES (?, ?, ?)'),
    chat: p(
      'INSERT INTO chat (id, platform, type, title) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET type = coalesce(chat.type, excluded.type)',
    ),
    chatSource: p(
      'INSERT OR IGNORE INTO chat_source (chat_id, source_id, type, origin, raw_id) VALUES (?, ?, ?, ?, ?)',
    ),
    msg: p(`INSERT INTO message (${MESSAGE_COLUMNS.join(', ')}) VALUES (${MESSAGE_COLUMNS.map(() => '?').join(', ')})
      ON CONFLICT(chat_id, message_id) DO NOTHING`),
    msgUpdate: p(
      `UPDATE message SET ${MESSAGE_CONTENT_COLUMNS.map((c) => `${c} = ?`).join(
        ', ',
      )} WHERE chat_id = ? AND message_id = ?`,
    ),
    msgGet: p(
      'SELECT version_hash, edited_utc, edited_utc AS editedUtc, text, raw, author_id, date_utc, date_utc AS utc, type FROM message WHERE chat_id = ? AND message_id = ?',
    ),
    firstSource: p(
      'SELECT source_id FROM message_source WHERE chat_id = ? AND message_id = ? AND version_hash = ? ORDER BY source_id LIMIT 1',
    ),
    versionKinds: p(
      'SELECT DISTINCT s.kind FROM message_source ms JOIN source s ON s.id = ms.source_id WHERE ms.chat_id = ? AND ms.message_id = ? AND ms.version_hash = ?',
    ),
    // Before a second source is recorded, the first one (message.source_id) gets its row (ADR 0009).
    materialise: p(MATERIALISE_FIRST_SOURCE),
    msgSource: p(
      'INSERT OR IGNORE INTO message_source (chat_id, message_id, source_id, version_hash) VALUES (?, ?, ?, ?)',
    ),
    version: p(
      'INSERT OR IGNORE INTO message_version (chat_id, message_id, version_hash, edited_utc, text, raw, first_source_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    media: p(
      'INSERT OR IGNORE INTO media (sha256, kind, mime, size, width, height, duration) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    occurrence:
      p(`INSERT OR IGNORE INTO media_occurrence (chat_id, message_id, role, kind, sha256, path, placeholder, mime, file_name,
      declared_size, width, height, duration, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    sourceFile: p('INSERT OR IGNORE INTO source_file (source_id, path, sha256, size) VALUES (?, ?, ?, ?)'),
    membership:
      p(`INSERT INTO membership (id, actor_id, member_name, chat_id, kind, at, last_at, message_id, by_actor_id, source_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET
      at = CASE WHEN membership.at IS NULL OR excluded.at < membership.at THEN excluded.at ELSE membership.at END,
      last_at = CASE WHEN membership.last_at IS NULL OR excluded.last_at > membership.last_at THEN excluded.last_at ELSE membership.last_at END`),
    issue: p(
      'INSERT INTO issue (run_id, source_id, code, file, location, message) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
}
