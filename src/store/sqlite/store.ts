import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { CaseStore, StoreQ, TransactionOptions } from '../port.js';
import { repositories, type Repositories } from '../repositories.js';
import { faultError } from '../faults.js';
import { sqliteBulk } from './bulk.js';
import { sqliteScan } from './scan.js';

/** A promise chain that lets one transaction run at a time on the one connection. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * The case store over one better-sqlite3 connection. A transaction is BEGIN IMMEDIATE (a second writer waits the
 * busy timeout, then fails with CASE_BUSY) on the shared connection, one at a time in this process.
 */
export function sqliteStore(
  raw: Database.Database,
  kysely: Kysely<DB>,
  file: string,
  onClose: () => void,
): CaseStore {
  const q: StoreQ = {
    db: kysely,
    dialect: 'sqlite',
    bulk: sqliteBulk(raw),
    scan: sqliteScan(raw),
    native: { dialect: 'sqlite', handle: raw },
  };
  const repos = repositories(q);
  const current = new AsyncLocalStorage<Repositories>();
  const mutex = new Mutex();
  let closed = false;
  return {
    ...repos,
    dialect: 'sqlite',
    location: file,
    transaction<T>(fn: (tx: Repositories) => Promise<T>, opts?: TransactionOptions): Promise<T> {
      const open = current.getStore();
      if (open) return fn(open);
      return mutex.run(async () => {
        // Foreign-key enforcement can only change outside a transaction (ADR 0009: the import writer's order).
        const unchecked = opts?.trustedReferences === true;
        if (unchecked) raw.pragma('foreign_keys = OFF');
        try {
          return await inTransaction();
        } finally {
          if (unchecked) raw.pragma('foreign_keys = ON');
        }
      });
      async function inTransaction(): Promise<T> {
        try {
          raw.exec(opts?.readonly ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
        } catch (e) {
          throw faultError(e) ?? e;
        }
        try {
          const out = await current.run(repos, () => fn(repos));
          raw.exec('COMMIT');
          return out;
        } catch (e) {
          if (raw.inTransaction) raw.exec('ROLLBACK');
          throw faultError(e) ?? e;
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await mutex.run(() => Promise.resolve());
      onClose();
    },
  };
}
