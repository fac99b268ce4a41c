import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PreparedRows, type BulkWriter } from '../port.js';

/** Characters COPY's text format escapes. */
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const escape = (c: string): string => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r');

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  const s = typeof v === 'string' ? v : String(v as bigint | boolean);
  return SPECIAL.test(s) ? s.replace(SPECIALS, escape) : s;
}

/** Bytes of COPY text per chunk sent. */
const CHUNK = 1 << 16;

/**
 * Rows as COPY text in UTF-8 chunks of about 64 KiB, each encoded as soon as it is full: chunks waiting for the
 * server are memory outside V8's heap, and the strings that made them die young.
 */
function* lines(rows: Iterable<readonly unknown[]>, counter: { n: number }): Generator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const row of rows) {
    let line = '';
    for (let j = 0; j < row.length; j++) line += j ? `\t${copyValue(row[j])}` : copyValue(row[j]);
    parts.push(line);
    size += line.length + 1;
    counter.n++;
    if (size > CHUNK) {
      parts.push('');
      yield Buffer.from(parts.join('\n'));
      parts = [];
      size = 0;
    }
  }
  if (parts.length) {
    parts.push('');
    yield Buffer.from(parts.join('\n'));
  }
}

/** Rows' COPY text (`BulkWriter.prepare`); `make` makes the rows again when a write needs them. */
export function prepareCopy(
  rows: readonly (readonly unknown[])[],
  make: () => readonly (readonly unknown[])[],
): PreparedRows {
  const first = new Set(rows.map((r) => String(r[0])));
  return new PreparedRows(rows.length, [...lines(rows, { n: 0 })], first, make);
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Rows per unnest statement (one array parameter per column, so no parameter limit; bounded memory). */
const ROWS_PER_STATEMENT = 5000;

/** Column types by table, per connection (the case's schema is on its search path). */
const columnTypes = new WeakMap<pg.ClientBase, Map<string, Map<string, string>>>();

/** The SQL types of a table's columns (`format_type`), read once per connection. */
async function typesOf(client: pg.ClientBase, table: string): Promise<Map<string, string>> {
  let byTable = columnTypes.get(client);
  if (!byTable) columnTypes.set(client, (byTable = new Map()));
  let types = byTable.get(table);
  if (!types) {
    const res = await client.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      [quote(table)],
    );
    types = new Map(res.rows.map((r) => [r.name, r.type]));
    byTable.set(table, types);
  }
  return types;
}

/**
 * One INSERT … SELECT FROM unnest(…) of up to ROWS_PER_STATEMENT rows, one array parameter per column, in the rows'
 * order, skipping rows whose key exists (ON CONFLICT DO NOTHING also skips a later row with the key of an earlier
 * one in the same statement). One round trip, no temporary table.
 */
async function insertSkipping(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  key: readonly string[] | null,
  rows: readonly (readonly unknown[])[],
): Promise<Record<string, unknown>[]> {
  const types = await typesOf(client, table);
  const arrays = columns.map((_, j) => rows.map((r) => r[j] ?? null));
  const params = columns.map((c, j) => `$${j + 1}::${types.get(c) ?? 'text'}[]`).join(', ');
  const names = columns.map((_, j) => `c${j}`);
  const conflict = key ? `(${key.map(quote).join(', ')})` : '';
  const returning = key ? ` RETURNING ${key.map(quote).join(', ')}` : '';
  const res = await client.query<Record<string, unknown>>(
    `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')})
     SELECT ${names.join(', ')} FROM unnest(${params}) WITH ORDINALITY AS u(${names.join(', ')}, ord) ORDER BY ord
     ON CONFLICT ${conflict} DO NOTHING${returning}`,
    arrays,
  );
  return res.rows;
}

/** COPY FROM STDIN of rows into a table (nothing is sent for no rows); returns the rows written. */
async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<number> {
  const text = `COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`;
  if (rows instanceof PreparedRows) {
    // Encoded ahead: the whole payload follows the statement without a wait.
    if (!rows.count) return 0;
    await pipeline(Readable.from(rows.encoded), client.query(copyFrom(text)));
    return rows.count;
  }
  const iter = rows[Symbol.iterator]();
  const first = iter.next();
  if (first.done) return 0;
  const rest: Iterable<readonly unknown[]> = { [Symbol.iterator]: () => iter };
  const counter = { n: 0 };
  const all = (function* () {
    yield first.value;
    yield* rest;
  })();
  await pipeline(Readable.from(lines(all, counter)), client.query(copyFrom(text)));
  return counter.n;
}

/** Rows given to `insertNew`, made again when they were prepared ahead. */
const rowsOf = (given: readonly (readonly unknown[])[] | PreparedRows): readonly (readonly unknown[])[] =>
  given instanceof PreparedRows ? given.rows() : given;

/** Rows from which `insertNew` first tries a plain COPY (below, the savepoint's round trips cost more than it saves). */
const COPY_FIRST_MIN_ROWS = 100;

/** PostgreSQL's unique_violation. */
const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';

/**
 * The PostgreSQL bulk path on the transaction's connection: COPY FROM STDIN for plain inserts; rows that may
 * already exist go through INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING.
 */
export function postgresBulk(client: pg.ClientBase, inTransaction = true): BulkWriter {
  // Outside a transaction a failed COPY writes nothing by itself: no savepoint is needed (nor allowed).
  const savepoint = async (verb: string): Promise<void> => {
    if (inTransaction) await client.query(`${verb} vigie_copy_first`);
  };
  /**
   * Whether the last COPY's savepoint is still open: it is released with the next one, in the same statement
   * (one round trip fewer per batch: ADR 0015 §10; COMMIT releases the last).
   */
  let open = false;
  const openSavepoint = (): Promise<void> => {
    const text = open
      ? 'RELEASE SAVEPOINT vigie_copy_first; SAVEPOINT vigie_copy_first'
      : 'SAVEPOINT vigie_copy_first';
    open = inTransaction;
    return inTransaction ? client.query(text).then(() => undefined) : Promise.resolve();
  };
  /** Key groups (values of the key's first column) a COPY found already present. */
  const overlapping = new Set<string>();
  return {
    async insert(table, columns, rows, opts) {
      if (opts?.onConflict === 'ignore') {
        let n = 0;
        let chunk: (readonly unknown[])[] = [];
        for (const row of rows) {
          chunk.push(row);
          n++;
          if (chunk.length === ROWS_PER_STATEMENT) {
            await insertSkipping(client, table, columns, null, chunk);
            chunk = [];
          }
        }
        if (chunk.length) await insertSkipping(client, table, columns, null, chunk);
        return n;
      }
      return copyRows(client, table, columns, rows);
    },
    prepare: prepareCopy,
    async insertNew(table, columns, key, given) {
      const at = key.map((k) => columns.indexOf(k));
      const ahead = given instanceof PreparedRows ? given : null;
      const count = ahead ? ahead.count : (given as readonly (readonly unknown[])[]).length;
      // A first import of a chat holds only new keys: COPY them all at once inside a savepoint (a third of the
      // server time of the ON CONFLICT path below). A key that exists makes COPY fail with a unique violation:
      // back to the savepoint, and that key group (the key's first column, e.g. the chat) takes the ON CONFLICT
      // path from then on. The rows stored, and the flags returned, are the same either way.
      const groups =
        ahead && at[0] === 0 ? ahead.firstColumn : new Set(rowsOf(given).map((r) => String(r[at[0] ?? 0])));
      if (count >= COPY_FIRST_MIN_ROWS && ![...groups].some((g) => overlapping.has(g))) {
        try {
          // The savepoint is sent first and the COPY queued behind it, without waiting for its answer.
          await Promise.all([openSavepoint(), copyRows(client, table, columns, given)]);
          return new Array<boolean>(count).fill(true);
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          open = false;
          await savepoint('ROLLBACK TO SAVEPOINT');
          await savepoint('RELEASE SAVEPOINT');
          for (const g of groups) overlapping.add(g);
        }
      }
      const rows = rowsOf(given);
      const out = new Array<boolean>(rows.length).fill(false);
      const keyOf = (vals: readonly unknown[]): string => JSON.stringify(vals.map((v) => String(v)));
      for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
        const chunk = rows.slice(from, from + ROWS_PER_STATEMENT);
        const inserted = new Set(
          (await insertSkipping(client, table, columns, key, chunk)).map((r) => keyOf(key.map((k) => r[k]))),
        );
        // The first row of each inserted key is the one stored (later rows with that key were skipped).
        for (let i = 0; i < chunk.length; i++) {
          const k = keyOf(at.map((j) => chunk[i]?.[j]));
          if (inserted.delete(k)) out[from + i] = true;
        }
      }
      return out;
    },
  };
}
