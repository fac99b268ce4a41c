/** Migration 6: id aliases — derived HTML ids (ADR 0007) linked to platform ids by `vigie link`. */
export const migration006 = {
  version: 6,
  name: 'id-alias',
  sql: `
CREATE TABLE id_alias (
  alias_id TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('chat', 'actor')),
  linked_at TEXT NOT NULL,
  audit_seq INTEGER NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX id_alias_id ON id_alias(id);
`,
};
