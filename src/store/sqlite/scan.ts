import type Database from 'better-sqlite3';
import type { RowScan } from '../port.js';

/** Rows handed to the callback at a time. */
const BATCH = 5000;

/**
 * The SQLite streaming read: the statement is iterated on the native handle, and the whole walk runs synchronously
 * (no other query can interleave on the connection while its iterator is open).
 */
export function sqliteScan(raw: Database.Database): RowScan {
  return (sqlText, onRows) => {
    const st = raw.prepare(sqlText).raw(true);
    let batch: unknown[][] = [];
    for (const row of st.iterate() as IterableIterator<unknown[]>) {
      batch.push(row);
      if (batch.length === BATCH) {
        onRows(batch);
        batch = [];
      }
    }
    if (batch.length) onRows(batch);
    return Promise.resolve();
  };
}
