import type { Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { Repositories } from './repositories.js';

/** The databases a case can live in. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The driver under a query context. Only `src/store/sqlite/` and `src/store/postgres/` read it (their measured bulk
 * paths); repositories query through `db`.
 */
export type NativeHandle =
  | { readonly dialect: 'sqlite'; readonly handle: unknown }
  | { readonly dialect: 'postgres'; readonly handle: unknown };

/** Rows for a bulk insert: one array of values per row, in the order of `columns`. */
export type BulkRows = Iterable<readonly unknown[]>;

/**
 * Rows with their encoding for the bulk path done ahead of the write (`BulkWriter.prepare`): PostgreSQL's COPY text
 * as UTF-8 chunks. The import writer prepares a batch before it waits for the batch in flight, so the server gets
 * the rows at once instead of waiting for them to be encoded (ADR 0015 §11). The rows themselves are not held (a
 * batch waiting its turn would keep them through the young generation's collections): `rows()` makes them again
 * for the rare write that needs them (a key that exists). Iterates as its rows.
 */
export class PreparedRows implements Iterable<readonly unknown[]> {
  constructor(
    readonly count: number,
    readonly encoded: readonly Buffer[],
    /** The distinct values of the rows' first column, as text. */
    readonly firstColumn: ReadonlySet<string>,
    readonly rows: () => readonly (readonly unknown[])[],
  ) {}
  [Symbol.iterator](): Iterator<readonly unknown[]> {
    return this.rows()[Symbol.iterator]();
  }
}

/** The measured bulk write path: prepared statements on SQLite, COPY FROM STDIN on PostgreSQL. */
export interface BulkWriter {
  /** Insert rows into one table; `ignore` skips rows whose key exists. Returns the rows offered. */
  insert<T extends keyof DB & string>(
    table: T,
    columns: readonly (keyof DB[T] & string)[],
    rows: BulkRows,
    opts?: { onConflict?: 'ignore' },
  ): Promise<number>;
  /**
   * Insert rows, skipping each whose `key` already exists (in the table, or earlier in `rows`); returns, for each
   * row in order, whether it was inserted. The import writer's message path (ADR 0009).
   */
  insertNew<T extends keyof DB & string>(
    table: T,
    columns: readonly (keyof DB[T] & string)[],
    key: readonly (keyof DB[T] & string)[],
    rows: readonly (readonly unknown[])[] | PreparedRows,
  ): Promise<boolean[]>;
  /**
   * Rows encoded now for a later `insert`/`insertNew` (PostgreSQL), made again by `make` if the write needs them;
   * absent where encoding ahead gains nothing.
   */
  prepare?(rows: readonly (readonly unknown[])[], make: () => readonly (readonly unknown[])[]): PreparedRows;
}

/**
 * Read a query's rows in its order without holding them all: `onRows` receives them in batches (SQLite: a prepared
 * statement iterated on the native handle, synchronously; PostgreSQL: a cursor fetched in batches inside a
 * transaction). For declared SQL whose result may be large (row digests, ADR 0010). Each row is an array of its
 * values in the order of the SELECT list (no object per row: ADR 0015 §10).
 */
export type RowScan = (
  sqlText: string,
  onRows: (rows: readonly (readonly unknown[])[]) => void,
) => Promise<void>;

/** What a repository queries through: Kysely's typed builder (bound to the transaction inside one) and the bulk path. */
export interface StoreQ {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly bulk: BulkWriter;
  /** The streaming read path (see `RowScan`). */
  readonly scan: RowScan;
  readonly native: NativeHandle;
  /**
   * A PostgreSQL transaction's: register a write started and not awaited yet (the import's batch in flight, ADR 0015
   * §8); the transaction waits for it before COMMIT or ROLLBACK and fails with it. Absent elsewhere.
   */
  readonly track?: (work: Promise<unknown>) => void;
}

/** Options of a transaction. */
export interface TransactionOptions {
  /** A read-only transaction (a consistent snapshot; takes no write lock). */
  readonly readonly?: boolean;
  /**
   * The writer inserts parents before children and `vigie verify` checks references (ADR 0009): SQLite skips
   * foreign-key enforcement for this transaction; PostgreSQL skips its per-row foreign-key triggers
   * (`session_replication_role = replica`) where the role may, else checks its deferred foreign keys at commit.
   */
  readonly trustedReferences?: boolean;
}

/** An open case store: the repositories (outside any transaction) and transactions over them. */
export interface CaseStore extends Repositories {
  readonly dialect: Dialect;
  /** Where the store lives, for messages (the SQLite file, or `postgres://host/db#schema`). */
  readonly location: string;
  /**
   * Run `fn` in one transaction: committed when it resolves, rolled back when it throws. Writers are serialised
   * per case (SQLite: BEGIN IMMEDIATE under the busy timeout; PostgreSQL: a case-wide advisory lock, retried on
   * serialization failures). A nested call joins the open transaction.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}
