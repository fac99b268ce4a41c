import type pg from 'pg';
import type { RowScan } from '../port.js';

/** Rows fetched per round trip. */
const BATCH = 5000;
let cursors = 0;

/**
 * Walk a query through a cursor on a client already inside a transaction. The next FETCH is sent before the rows
 * in hand are handed over, so that the server reads a batch while this thread digests the previous one.
 */
async function overCursor(
  client: pg.ClientBase,
  sqlText: string,
  onRows: (rows: readonly (readonly unknown[])[]) => void,
): Promise<void> {
  const name = `vigie_scan_${++cursors}`;
  // Rows as arrays: no object per row for pg to build (ADR 0015 §10).
  const fetch = () => client.query<unknown[]>({ text: `FETCH ${BATCH} FROM ${name}`, rowMode: 'array' });
  await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sqlText}`);
  try {
    let res = await fetch();
    for (;;) {
      const next = res.rows.length === BATCH ? fetch() : null;
      try {
        if (res.rows.length) onRows(res.rows);
      } catch (e) {
        await next?.catch(() => undefined);
        throw e;
      }
      if (!next) break;
      res = await next;
    }
  } finally {
    await client.query(`CLOSE ${name}`);
  }
}

/** The PostgreSQL streaming read on a transaction's client: DECLARE … CURSOR, then FETCH in batches. */
export function clientScan(client: pg.ClientBase): RowScan {
  return (sqlText, onRows) => overCursor(client, sqlText, onRows);
}

/** The PostgreSQL streaming read outside a transaction: a read-only transaction of its own on a pooled client. */
export function poolScan(pool: pg.Pool): RowScan {
  return async (sqlText, onRows) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await overCursor(client, sqlText, onRows);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
}
