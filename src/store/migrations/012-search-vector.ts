/**
 * Migration 12 (issue 13, ADR 0015 §9): PostgreSQL's search vector stops being a generated column, so that an import
 * can send the vectors it computed itself (`store/search-vector.ts`) with the documents in one COPY. The vectors
 * already stored stay; `search_tsv(body)` keeps migration 9's expression (read from the column, so each case keeps
 * its own: with or without ICU) for the documents the client leaves to the server and for the statements that fill
 * the index from stored rows. Nothing changes on SQLite (FTS5).
 */
export const migration012 = {
  version: 12,
  name: 'search-vector',
  sql: `SELECT 1;`,
  postgres: `
DO $do$
DECLARE expr TEXT;
BEGIN
  SELECT pg_get_expr(d.adbin, d.adrelid) INTO expr FROM pg_attrdef d
    JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
    WHERE d.adrelid = 'search_doc'::regclass AND a.attname = 'tsv';
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION search_tsv(body TEXT) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
    'SELECT ' || expr);
END
$do$;
ALTER TABLE search_doc ALTER COLUMN tsv DROP EXPRESSION;
`,
};
