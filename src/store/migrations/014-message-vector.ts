/**
 * Migration 14 (issue 13, ADR 0015 §11): on PostgreSQL the search vector of a message's stored text moves from a
 * `search_doc` row to a `tsv` column of the message itself, with its own GIN index. An import then writes each new
 * message and its vector in one COPY row, instead of a second row per message in a second table with three more
 * indexes. `search_doc` keeps the other documents (earlier versions' texts, actor names, chat titles); a search reads
 * both. The column is derived like the rest of the index: left out of row digests, comparisons and `vigie case copy`
 * (which rebuilds it). The GIN index's pending list holds a whole import (64 MiB): an import adds its entries to the
 * list, and VACUUM (autovacuum, after the import) merges them into the index; searches read the list until then.
 * Nothing changes on SQLite (FTS5 over `search_doc`).
 */
export const migration014 = {
  version: 14,
  name: 'message-vector',
  sql: `SELECT 1;`,
  postgres: `
ALTER TABLE message ADD COLUMN tsv tsvector;
UPDATE message m SET tsv = d.tsv FROM search_doc d
  WHERE d.kind = 'message' AND d.version = '' AND d.chat_id = m.chat_id AND d.message_id = m.message_id;
DELETE FROM search_doc WHERE kind = 'message' AND version = '';
CREATE INDEX message_tsv ON message USING GIN (tsv) WITH (gin_pending_list_limit = 65536);
`,
};
