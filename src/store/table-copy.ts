import { sql } from 'kysely';
import type { DB } from './schema.js';
import type { StoreQ } from './port.js';
import { caseTables, foreignKeys, primaryKey } from './integrity.js';
import { tableColumns, tablePage } from './table-rows.js';

/**
 * Copying a case's tables between stores (`vigie case copy`, ADR 0013): the tables in dependency order, read by
 * name in key order in pages through Kysely, written through the bulk path of the target store.
 */

/** One table to copy: its columns (by name) and the order its rows are read in (key, else every column). */
export interface CopyPlanTable {
  readonly table: string;
  readonly columns: readonly string[];
  readonly order: readonly string[];
}

/** The case's tables, parents before children (foreign keys), ties by name; columns and read order of each. */
export async function copyPlan(q: StoreQ): Promise<CopyPlanTable[]> {
  const tables = await caseTables(q);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const fk of await foreignKeys(q)) if (fk.parent !== fk.table) parents.get(fk.table)?.add(fk.parent);
  const ordered: string[] = [];
  const left = new Set(tables);
  while (left.size) {
    const ready = [...left].filter((t) => [...(parents.get(t) ?? [])].every((p) => !left.has(p))).sort();
    // A cycle (none in the schema today) is broken by name order: foreign keys are checked at commit.
    const next = ready.length ? ready : [[...left].sort()[0] ?? ''];
    for (const t of next) {
      ordered.push(t);
      left.delete(t);
    }
  }
  const out: CopyPlanTable[] = [];
  for (const table of ordered) {
    const columns = (await tableColumns(q, table)).map((c) => c.name);
    const pk = await primaryKey(q, table);
    out.push({
      table,
      columns,
      order: pk.length ? [...pk, ...columns.filter((c) => !pk.includes(c))] : columns,
    });
  }
  return out;
}

/** One page of a table's rows as arrays of values in `columns` order. */
export async function readTablePage(
  q: StoreQ,
  t: CopyPlanTable,
  offset: number,
  limit: number,
): Promise<unknown[][]> {
  const rows = await tablePage(q, t.table, t.columns, t.order, offset, limit);
  return rows.map((r) => t.columns.map((c) => (typeof r[c] === 'bigint' ? Number(r[c]) : (r[c] ?? null))));
}

/** Insert rows into a table through the bulk path (inside the caller's transaction). */
export function writeTableRows(q: StoreQ, t: CopyPlanTable, rows: readonly unknown[][]): Promise<number> {
  const table = t.table as keyof DB & string;
  return q.bulk.insert(table, t.columns as readonly (keyof DB[typeof table] & string)[], rows);
}

/**
 * Check foreign keys at commit for the rest of the transaction (SQLite: `defer_foreign_keys`; PostgreSQL's are
 * declared DEFERRABLE INITIALLY DEFERRED): rows may then arrive in any order.
 */
export async function deferForeignKeys(q: StoreQ): Promise<void> {
  if (q.dialect === 'sqlite') await sql`PRAGMA defer_foreign_keys = ON`.execute(q.db);
  else await sql`SET CONSTRAINTS ALL DEFERRED`.execute(q.db);
}

/**
 * After rows were written with their ids, move every identity column's sequence past the largest id (PostgreSQL;
 * SQLite's rowid keys need nothing).
 */
export async function resetIdentities(q: StoreQ): Promise<void> {
  if (q.dialect !== 'postgres') return;
  const cols = await sql<{ table: string; column: string }>`
    SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`.execute(q.db);
  for (const c of cols.rows) {
    const t = `"${c.table}"`;
    const col = `"${c.column}"`;
    await sql`SELECT setval(pg_get_serial_sequence(${t}, ${c.column}), coalesce(max(${sql.raw(col)}), 0) + 1, false)
      FROM ${sql.raw(t)}`.execute(q.db);
  }
}
