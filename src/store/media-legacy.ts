// Synchronous forms of the media status and vPDQ reads for code not yet on the store port (analyse-case,
// case-stats): the port's own queries, compiled by Kysely and run on the raw SQLite connection. Delete with them.
import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable } from 'kysely';
import type { DB } from './schema.js';
import {
  statusCountsOf,
  statusCountsQuery,
  statusRowsOf,
  statusRowsQuery,
  type MediaStatus,
  type MediaStatusCounts,
  type MediaStatusRow,
} from './matches.js';
import { mediaVpdqQuery } from './vpdq-matches.js';

/** Run a compiled read synchronously on the raw connection. */
function allSync<R>(raw: Database.Database, build: (db: Kysely<DB>) => Compilable<R>): R[] {
  const c = build(new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) })).compile();
  return raw.prepare(c.sql).all(...c.parameters) as R[];
}

/** Media with status (legacy synchronous form of `store.media.listStatus`). */
export function listMediaStatus(
  raw: Database.Database,
  opts: { statuses?: readonly MediaStatus[]; sha256?: string },
): MediaStatusRow[] {
  return statusRowsOf(allSync(raw, (db) => statusRowsQuery(db, opts)));
}

/** Counts of media by status (legacy synchronous form of `store.media.statusCounts`). */
export function mediaStatusCounts(raw: Database.Database): MediaStatusCounts {
  return statusCountsOf(allSync(raw, statusCountsQuery));
}

/** Media vpdq signals (legacy synchronous form of `store.media.listVpdq`). */
export function listMediaVpdq(
  raw: Database.Database,
  sha256?: string,
): { sha256: string; convention: string; value: string }[] {
  return allSync(raw, (db) => mediaVpdqQuery(db, sha256));
}
