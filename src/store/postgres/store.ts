import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from '../schema.js';
import type { CaseStore, StoreQ } from '../port.js';
import { repositories, type Repositories } from '../repositories.js';
import { AppError } from '../../domain/errors.js';
import { postgresBulk } from './bulk.js';
import { clientScan, poolScan } from './scan.js';
import { pgFault } from './faults.js';
import { redact } from './redact.js';

/** Where a PostgreSQL case lives: a server and database (no password: PGPASSWORD or .pgpass) and its own schema. */
export interface PostgresLocation {
  readonly url: string;
  readonly schema: string;
}

/** int8 and numeric as JavaScript numbers (counts, epoch milliseconds), the same values SQLite gives. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Advisory-lock class for Vigie's case-wide writer lock ('VIGI'). */
export const LOCK_CLASS = 0x56494749;

/**
 * A pg pool whose connections use the case's schema. Cursors are planned for reading all their rows
 * (`cursor_tuple_fraction = 1`), as `RowScan` does: the default (0.1) favours fast-start plans, and on tables
 * filled in the same transaction (no statistics yet) it chose a nested loop over an ordered index scan that made
 * the message part of a 10,000-message import's row digest take 20 s instead of 0.2 s.
 */
export function casePool(loc: PostgresLocation, max = 4): pg.Pool {
  return new pg.Pool({
    connectionString: loc.url,
    options: `-c search_path=${loc.schema} -c cursor_tuple_fraction=1`,
    types,
    max,
  });
}

/** Kysely over one already-checked-out client (a transaction's): release does nothing, the store releases it. */
function overClient(client: pg.PoolClient): Kysely<DB> {
  const pool = {
    connect: () =>
      Promise.resolve({
        query: (...args: Parameters<pg.PoolClient['query']>) => client.query(...args),
        release() {},
      }),
    end: () => Promise.resolve(),
  };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}

/** A tracked write's failure, held until the transaction looks (no unhandled rejection meanwhile). */
interface Failed {
  readonly error: unknown;
}
const rethrowLater = (error: unknown): Failed => ({ error });
const failIfFailed = (r: Failed | undefined): void => {
  if (r) throw r.error;
};

const RETRYABLE = new Set(['40001', '40P01']);

/** Per pool: may its role set `session_replication_role` (a superuser, or PostgreSQL ≥ 15 `GRANT SET ON PARAMETER`)? */
const replicaAllowed = new WeakMap<pg.Pool, Promise<boolean>>();

/**
 * Whether a trusted-references transaction may skip the per-row foreign-key triggers (ADR 0015 §6): the role is a
 * superuser, or holds `SET` on `session_replication_role` (PostgreSQL 15+). Asked once per pool.
 */
function mayReplicate(pool: pg.Pool, client: pg.ClientBase): Promise<boolean> {
  let known = replicaAllowed.get(pool);
  if (!known) {
    known = (async () => {
      const su = await client.query<{ on: boolean }>(`SELECT current_setting('is_superuser') = 'on' AS on`);
      if (su.rows[0]?.on) return true;
      const v = await client.query<{ n: number }>(`SELECT current_setting('server_version_num')::int AS n`);
      if ((v.rows[0]?.n ?? 0) < 150000) return false;
      const p = await client.query<{ ok: boolean }>(
        `SELECT has_parameter_privilege('session_replication_role', 'SET') AS ok`,
      );
      return p.rows[0]?.ok === true;
    })();
    replicaAllowed.set(pool, known);
  }
  return known;
}

/**
 * The case store over a PostgreSQL schema. Every writing transaction first takes the case-wide advisory lock
 * (writers wait for each other, like SQLite's single writer, so the audit chain stays a chain); serialization
 * failures and deadlocks are retried.
 */
export function postgresStore(loc: PostgresLocation, pool: pg.Pool): CaseStore {
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const q: StoreQ = {
    db: kysely,
    dialect: 'postgres',
    bulk: {
      async insert(table, columns, rows, opts) {
        const client = await pool.connect();
        try {
          return await postgresBulk(client, false).insert(table, columns, rows, opts);
        } finally {
          client.release();
        }
      },
      async insertNew(table, columns, key, rows) {
        const client = await pool.connect();
        try {
          return await postgresBulk(client, false).insertNew(table, columns, key, rows);
        } finally {
          client.release();
        }
      },
    },
    scan: poolScan(pool),
    native: { dialect: 'postgres', handle: pool },
  };
  const repos = repositories(q);
  const current = new AsyncLocalStorage<Repositories>();
  let closed = false;
  const once = async <T>(
    fn: (tx: Repositories) => Promise<T>,
    readonly: boolean,
    trusted: boolean,
  ): Promise<T> => {
    let client: pg.PoolClient;
    /** Writes started in the transaction and not awaited (ADR 0015 §8): settled before it ends. */
    const pending: Promise<Failed | undefined>[] = [];
    try {
      client = await pool.connect();
    } catch (e) {
      throw pgFault(e, loc) ?? e;
    }
    try {
      await client.query(readonly ? 'BEGIN READ ONLY' : 'BEGIN');
      if (!readonly) {
        await client.query(`SET LOCAL lock_timeout = '600s'`);
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_CLASS]);
        // The import writes parents before children and verify checks references (ADR 0009 §5, as on SQLite):
        // without this, every row's deferred foreign-key triggers run at COMMIT (~1 s for 50,000 messages).
        if (trusted && (await mayReplicate(pool, client)))
          await client.query(`SET LOCAL session_replication_role = replica`);
      }
      const txRepos = repositories({
        db: overClient(client),
        dialect: 'postgres',
        bulk: postgresBulk(client),
        scan: clientScan(client),
        native: { dialect: 'postgres', handle: client },
        track: (work) => pending.push(work.then(() => undefined, rethrowLater)),
      });
      const out = await current.run(txRepos, () => fn(txRepos));
      for (const work of pending.splice(0)) await work.then(failIfFailed);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      // A write still in flight would run its next statements after ROLLBACK: let it end first.
      await Promise.allSettled(pending.splice(0));
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
  return {
    ...repos,
    dialect: 'postgres',
    location: `${redact(loc.url)}#${loc.schema}`,
    async transaction(fn, opts) {
      const open = current.getStore();
      if (open) return fn(open);
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(fn, opts?.readonly ?? false, opts?.trustedReferences ?? false);
        } catch (e) {
          const code = (e as { code?: string }).code ?? '';
          if (RETRYABLE.has(code) && attempt < 5) continue;
          throw pgFault(e, loc) ?? e;
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
      // Kysely ends the pool only when a query went through it: a command whose reads were all transactions left
      // idle clients that held the process open for pg's 10 s idle timeout.
      if (!pool.ending) await pool.end();
    },
  };
}

/** Refuse a URL that carries a password: Vigie never writes one to disk (PGPASSWORD or ~/.pgpass instead). */
export function checkDatabaseUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('USAGE', `--database ${url}: not a URL; expected postgres://HOST[:PORT]/DB`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    throw new AppError('USAGE', `--database ${redact(url)}: expected postgres://HOST[:PORT]/DB`);
  if (u.password)
    throw new AppError(
      'USAGE',
      `--database: the URL carries a password; Vigie never writes one to disk: give it in $PGPASSWORD or ~/.pgpass`,
    );
}
