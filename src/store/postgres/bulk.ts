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
    async insertNew(table, columns, key, rows) {
      if (!rows.length) return [];
      const cols = columns.map(quote).join(', ');
      const tmp = `vigie_new_${table}`;
      await client.query(
        `CREATE TEMP TABLE IF NOT EXISTS ${tmp} (LIKE ${quote(table)} INCLUDING DEFAULTS, vigie_ord integer) ON COMMIT DELETE ROWS`,
      );
      const numbered = rows.map((r, i) => [...r, i]);
      await pipeline(
        Readable.from(lines(numbered, { n: 0 })),
        client.query(copyFrom(`COPY ${tmp} (${cols}, vigie_ord) FROM STDIN`)),
      );
      // ON CONFLICT DO NOTHING also skips a later row with the key of an earlier one in the same statement.
      const res = await client.query<{ vigie_ord: number }>(
        `WITH ins AS (INSERT INTO ${quote(table)} (${cols}) SELECT ${cols} FROM ${tmp} ORDER BY vigie_ord
         ON CONFLICT (${key.map(quote).join(', ')}) DO NOTHING RETURNING ${key.map(quote).join(', ')})
         SELECT min(t.vigie_ord) AS vigie_ord FROM ins JOIN ${tmp} t ON ${key.map((k) => `t.${quote(k)} = ins.${quote(k)}`).join(' AND ')}
         GROUP BY ${key.map((k) => `ins.${quote(k)}`).join(', ')}`,
      );
      await client.query(`TRUNCATE ${tmp}`);
      const out = new Array<boolean>(rows.length).fill(false);
      for (const r of res.rows) out[Number(r.vigie_ord)] = true;
      return out;
    },
  };
}
