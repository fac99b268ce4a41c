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
  };
}
