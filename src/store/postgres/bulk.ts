import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BulkWriter } from '../port.js';

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  const s = typeof v === 'string' ? v : String(v as number | bigint | boolean);
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function* lines(rows: Iterable<readonly unknown[]>, counter: { n: number }): Generator<string> {
  let batch = '';
  for (const row of rows) {
    batch += row.map(copyValue).join('\t') + '\n';
    counter.n++;
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The PostgreSQL bulk path: COPY FROM STDIN on the transaction's connection. Rows that may already exist
 * (`ignore`) go through a temporary table and INSERT … ON CONFLICT DO NOTHING.
 */
export function postgresBulk(client: pg.ClientBase): BulkWriter {
  return {
    async insert(table, columns, rows, opts) {
      const cols = columns.map(quote).join(', ');
      const counter = { n: 0 };
      const target = opts?.onConflict === 'ignore' ? `vigie_bulk_${table}` : quote(table);
      if (opts?.onConflict === 'ignore')
        await client.query(
          `CREATE TEMP TABLE IF NOT EXISTS ${target} (LIKE ${quote(table)} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
        );
      const stream = client.query(copyFrom(`COPY ${target} (${cols}) FROM STDIN`));
      await pipeline(Readable.from(lines(rows, counter)), stream);
      if (opts?.onConflict === 'ignore') {
        await client.query(
          `INSERT INTO ${quote(table)} (${cols}) SELECT ${cols} FROM ${target} ON CONFLICT DO NOTHING`,
        );
        await client.query(`TRUNCATE ${target}`);
      }
      return counter.n;
    },
  };
}
