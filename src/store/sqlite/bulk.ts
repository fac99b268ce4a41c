import type Database from 'better-sqlite3';
import { PreparedRows, type BulkWriter } from '../port.js';

/** Rows per multi-row INSERT (fewer statement runs; well under SQLite's 32,766 parameters). */
const ROWS_PER_STATEMENT = 100;

/**
 * SQLite page cache for a bulk load, in KiB (it grows only as used). A hash list of millions of keys needs its whole
 * index in cache (1 GiB); an import needs 64 MiB (ADR 0009): a larger cache there only grows the process (a 256 MB
 * export took 396 MB instead of 265 MB) and its page faults (system time doubled).
 */
const PAGE_CACHE_KIB: Partial<Record<string, number>> = { hash_list_entry: 1_048_576 };
const DEFAULT_PAGE_CACHE_KIB = 65_536;

/**
 * The SQLite bulk path: prepared INSERTs per table and column list, run inside the open transaction, 100 rows per
 * statement and the rest one by one (better-sqlite3 is synchronous; this is what keeps imports near JSON.parse
 * speed, ADR 0009).
 */
export function sqliteBulk(raw: Database.Database): BulkWriter {
  const statements = new Map<string, Database.Statement>();
  const prepared = (key: string, sql: () => string): Database.Statement => {
    let st = statements.get(key);
    if (!st) {
      st = raw.prepare(sql());
      statements.set(key, st);
    }
    return st;
  };
  let cacheKib = 0;
  const cacheFor = (table: string): void => {
    // Bulk loads insert many keys into indexes: give SQLite a page cache that holds them.
    const want = PAGE_CACHE_KIB[table] ?? DEFAULT_PAGE_CACHE_KIB;
    if (want > cacheKib) raw.pragma(`cache_size = -${want}`);
    cacheKib = Math.max(cacheKib, want);
  };
  return {
    insert(table, columns, rows, opts) {
      cacheFor(table);
      const verb = opts?.onConflict === 'ignore' ? 'INSERT OR IGNORE' : 'INSERT';
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const sql = (n: number) => () =>
        `${verb} INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from({ length: n }, () => tuple).join(', ')}`;
      const base = `${verb}|${table}|${columns.join(',')}`;
      const per = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(32766 / columns.length)));
      const many = prepared(`${base}|${per}`, sql(per));
      const one = prepared(`${base}|1`, sql(1));
      const params: unknown[] = [];
      let pending = 0;
      let n = 0;
      for (const row of rows) {
        for (const v of row) params.push(v);
        n++;
        if (++pending === per) {
          many.run(params);
          params.length = 0;
          pending = 0;
        }
      }
      for (let i = 0; i < pending; i++) one.run(params.slice(i * columns.length, (i + 1) * columns.length));
      return Promise.resolve(n);
    },
    insertNew(table, columns, key, given) {
      const rows = given instanceof PreparedRows ? given.rows() : given;
      cacheFor(table);
      const id = `new|${table}|${columns.join(',')}|${key.join(',')}`;
      let st = statements.get(id);
      if (!st) {
        st = raw.prepare(
          `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (${key.map((c) => `"${c}"`).join(', ')}) DO NOTHING`,
        );
        statements.set(id, st);
      }
      const out = new Array<boolean>(rows.length);
      // The values as arguments: better-sqlite3 binds them ~25 % faster than one array argument (115,000 rows of
      // 23 columns: ~310 ms instead of ~415 ms CPU), the way the import bound them before the store port.
      for (let i = 0; i < rows.length; i++) out[i] = st.run(...(rows[i] ?? [])).changes === 1;
      return Promise.resolve(out);
    },
  };
}
