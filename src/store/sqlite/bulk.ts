import type Database from 'better-sqlite3';
import type { BulkWriter } from '../port.js';

/**
 * The SQLite bulk path: one prepared INSERT per table and column list, run row by row inside the open transaction
 * (better-sqlite3 is synchronous; this is what keeps imports near JSON.parse speed, ADR 0009).
 */
export function sqliteBulk(raw: Database.Database): BulkWriter {
  const statements = new Map<string, Database.Statement>();
  return {
    insert(table, columns, rows, opts) {
      const key = `${opts?.onConflict ?? ''}|${table}|${columns.join(',')}`;
      let st = statements.get(key);
      if (!st) {
        const verb = opts?.onConflict === 'ignore' ? 'INSERT OR IGNORE' : 'INSERT';
        st = raw.prepare(
          `${verb} INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        statements.set(key, st);
      }
      let n = 0;
      for (const row of rows) {
        st.run(...row);
        n++;
      }
      return Promise.resolve(n);
    },
    insertNew(table, columns, key, rows) {
      const id = `new|${table}|${columns.join(',')}|${key.join(',')}`;
      let st = statements.get(id);
      if (!st) {
        st = raw.prepare(
          `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (${key.map((c) => `"${c}"`).join(', ')}) DO NOTHING`,
        );
        statements.set(id, st);
      }
      const out = new Array<boolean>(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = st.run(...(rows[i] ?? [])).changes === 1;
      return Promise.resolve(out);
    },
  };
}
