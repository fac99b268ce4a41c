import { sql } from 'kysely';
import type { StoreQ } from './port.js';

/** A row whose reference names no parent row. */
export interface DanglingReference {
  readonly table: string;
  /** The reference as the row holds it (`chat_id "telegram:chat1"`), the same on both databases. */
  readonly row: string;
  readonly parent: string;
}

/** One foreign key: the child table and columns, the parent table and the columns they name. */
export interface ForeignKey {
  readonly table: string;
  readonly from: readonly string[];
  readonly parent: string;
  readonly to: readonly string[];
}

/** The case's tables (migration bookkeeping left out), by name. */
export async function caseTables(q: StoreQ): Promise<string[]> {
  const r =
    q.dialect === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'
          AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`.execute(q.db)
      : await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables
          WHERE schemaname = current_schema() ORDER BY tablename`.execute(q.db);
  // The search index (migration 9) is derived and rebuilt where it is needed, never copied or compared.
  return r.rows.map((x) => x.name).filter((n) => n !== 'schema_migration' && !/^search_(doc|fts)/.test(n));
}

/** Every foreign key of the case database, read from the catalogue (SQLite: pragma; PostgreSQL: pg_constraint). */
export async function foreignKeys(q: StoreQ): Promise<ForeignKey[]> {
  const out: ForeignKey[] = [];
  if (q.dialect === 'sqlite') {
    for (const table of await caseTables(q)) {
      const r = await sql<{ id: number; table: string; from: string; to: string | null }>`
        SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(${table}) ORDER BY id, seq`.execute(
        q.db,
      );
      const byId = new Map<number, { parent: string; from: string[]; to: (string | null)[] }>();
      for (const x of r.rows) {
        const fk = byId.get(x.id) ?? { parent: x.table, from: [], to: [] };
        fk.from.push(x.from);
        fk.to.push(x.to);
        byId.set(x.id, fk);
      }
      for (const fk of byId.values()) {
        const to = fk.to.every((c) => c !== null) ? (fk.to as string[]) : await primaryKey(q, fk.parent);
        out.push({ table, from: fk.from, parent: fk.parent, to });
      }
    }
    return out;
  }
  const r = await sql<{ name: string; table: string; parent: string; from: string; to: string }>`
    SELECT c.conname AS name, cl.relname AS "table", pl.relname AS parent, a.attname AS "from", pa.attname AS "to"
    FROM pg_constraint c
    JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pl ON pl.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = c.connamespace
    CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(ck, fk, ord)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.ck
    JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.fk
    WHERE c.contype = 'f' AND n.nspname = current_schema()
    ORDER BY cl.relname, c.conname, k.ord`.execute(q.db);
  const byName = new Map<string, { table: string; parent: string; from: string[]; to: string[] }>();
  for (const x of r.rows) {
    const fk = byName.get(x.name) ?? { table: x.table, parent: x.parent, from: [], to: [] };
    fk.from.push(x.from);
    fk.to.push(x.to);
    byName.set(x.name, fk);
  }
  return [...byName.values()];
}

/** A table's primary-key columns, in key order. */
export async function primaryKey(q: StoreQ, table: string): Promise<string[]> {
  if (q.dialect === 'sqlite') {
    const r = await sql<{ name: string }>`
      SELECT name FROM pragma_table_info(${table}) WHERE pk > 0 ORDER BY pk`.execute(q.db);
    return r.rows.map((x) => x.name);
  }
  const r = await sql<{ name: string }>`
    SELECT a.attname AS name FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE i.indisprimary AND c.relname = ${table} AND n.nspname = current_schema()
    ORDER BY k.ord`.execute(q.db);
  return r.rows.map((x) => x.name);
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Every foreign-key reference of the case database that names a missing row, at most `limit`: one portable
 * anti-join per foreign key on both databases (a reference with a NULL column names nothing, as SQL has it).
 * SQLite imports write with enforcement off (ADR 0009); PostgreSQL checks at commit, but triggers can be disabled
 * by a superuser; `vigie verify` checks the result here either way.
 */
export async function danglingReferences(q: StoreQ, limit = 10): Promise<DanglingReference[]> {
  const out: DanglingReference[] = [];
  // The same order on both databases: by table, then referencing columns, then parent.
  const keys = (await foreignKeys(q)).sort((a, b) =>
    `${a.table}\u0000${a.from.join(',')}\u0000${a.parent}` <
    `${b.table}\u0000${b.from.join(',')}\u0000${b.parent}`
      ? -1
      : 1,
  );
  for (const fk of keys) {
    if (out.length >= limit) break;
    const cols = fk.from.map((c) => `c.${quote(c)}`).join(', ');
    const notNull = fk.from.map((c) => `c.${quote(c)} IS NOT NULL`).join(' AND ');
    const join = fk.from.map((c, i) => `p.${quote(fk.to[i] ?? c)} = c.${quote(c)}`).join(' AND ');
    const text = `SELECT ${cols} FROM ${quote(fk.table)} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${quote(
      fk.parent,
    )} p WHERE ${join}) ORDER BY ${cols} LIMIT ${limit - out.length}`;
    const r = await sql<Record<string, unknown>>`${sql.raw(text)}`.execute(q.db);
    for (const row of r.rows)
      out.push({
        table: fk.table,
        row: fk.from.map((c) => `${c} ${JSON.stringify(row[c] ?? null)}`).join(', '),
        parent: fk.parent,
      });
  }
  return out;
}
