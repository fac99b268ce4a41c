/**
 * Migration 7: each message records the source that first stored it (`message.source_id`), and `message_source`
 * is written only once a second source contains the message (ADR 0009). View `message_in_source` lists every
 * source of every message either way. Index `message_date` had no reader and is dropped.
 */
export const migration007 = {
  version: 7,
  name: 'message-first-source',
  sql: `
ALTER TABLE message ADD COLUMN source_id TEXT REFERENCES source(id);
UPDATE message SET source_id = (
  SELECT ms.source_id FROM message_source ms JOIN source s ON s.id = ms.source_id
  WHERE ms.chat_id = message.chat_id AND ms.message_id = message.message_id
  ORDER BY s.imported_at, s.id LIMIT 1
);
DROP INDEX message_date;
CREATE VIEW message_in_source (chat_id, message_id, source_id, version_hash) AS
  SELECT chat_id, message_id, source_id, version_hash FROM message_source
  UNION ALL
  SELECT m.chat_id, m.message_id, m.source_id, m.version_hash FROM message m
  WHERE m.source_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM message_source s
    WHERE s.chat_id = m.chat_id AND s.message_id = m.message_id AND s.source_id = m.source_id
  );
`,
};
