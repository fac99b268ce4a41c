import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { PostgresLocation } from './store.js';
import { LOCK_CLASS } from './store.js';
import { pgFault } from './faults.js';

/** The queue of hashing jobs (one per batch of media). */
export const HASH_QUEUE = 'vigie-hash';

/** Advisory-lock class of the enqueuing lock ('VIGJ'), per case: two enqueuers never split the same media twice. */
const ENQUEUE_LOCK = LOCK_CLASS + 1;

/** A job's states as `vigie jobs` counts them. */
export interface JobCounts {
  readonly queued: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
  /** Jobs that were tried more than once (a killed worker's, or a failure retried). */
  readonly retried: number;
}

/** A job taken by a worker. */
export interface TakenJob<T> {
  readonly id: string;
  readonly data: T;
  /** How many earlier tries this job had (0 the first time). */
  readonly retryCount: number;
}

/** A job to enqueue: a stable key (the same key never makes two jobs) and its data. */
export interface NewJob<T> {
  readonly key: string;
  readonly data: T;
}

/** Options of enqueued jobs. */
export interface EnqueueOptions {
  /** Seconds a taken job may run before it counts as abandoned (its worker died) and is retried. */
  readonly expireInSeconds: number;
  /** Tries after the first before a job is `failed`. */
  readonly retryLimit: number;
}

const OPEN = ['created', 'retry', 'active'];

/** pg-boss's tables of a case live in their own schema next to the case's: `<schema>_jobs`. */
export function jobsSchema(loc: PostgresLocation): string {
  return `${loc.schema}_jobs`;
}

/** A job id derived from its queue and key: enqueuing the same key twice inserts nothing the second time. */
function jobId(queue: string, key: string): string {
  const h = createHash('sha256').update(`${queue}\n${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A case's job queue on its PostgreSQL server (pg-boss in `<schema>_jobs`). */
export interface JobQueue {
  /** Under the case's enqueuing lock: `plan` sees what open jobs hold and returns the jobs to add; returns how many were new. */
  enqueue<T>(
    queue: string,
    plan: (open: readonly T[]) => Promise<readonly NewJob<T>[]>,
    opts: EnqueueOptions,
  ): Promise<number>;
  /** Take one job, or null when none is ready. */
  take<T>(queue: string): Promise<TakenJob<T> | null>;
  /** Mark a taken job done with its output. */
  complete(queue: string, id: string, output: Record<string, unknown>): Promise<void>;
  /** Mark a taken job failed (retried while tries remain). */
  fail(queue: string, id: string, message: string): Promise<void>;
  /** Give jobs whose worker stopped answering (taken longer ago than their expiry) back to the queue. */
  expire(): Promise<void>;
  /** Counts by state, all jobs of the queue or those whose data has `field` = `value`. */
  counts(queue: string, filter?: { field: string; value: string }): Promise<JobCounts>;
  /** The data and output of every job (open, done or failed) whose data has `field` = `value`. */
  jobsOf<T>(
    queue: string,
    field: string,
    value: string,
  ): Promise<{ state: string; data: T; output: Record<string, unknown> | null }[]>;
  close(): Promise<void>;
}

/** Open (creating on first use) the job queue of a PostgreSQL case. */
export async function openJobQueue(loc: PostgresLocation): Promise<JobQueue> {
  const schema = jobsSchema(loc);
  const boss = new PgBoss({
    connectionString: loc.url,
    schema,
    max: 3,
    supervise: false,
    schedule: false,
    migrate: true,
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
  });
  boss.on('error', () => undefined); // surfaced by the calls that fail
  const pool = new pg.Pool({ connectionString: loc.url, max: 2 });
  try {
    await boss.start();
    if (!(await boss.getQueue(HASH_QUEUE))) await boss.createQueue(HASH_QUEUE).catch(() => undefined);
  } catch (e) {
    await pool.end();
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw pgFault(e, loc) ?? e;
  }
  const sql = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> =>
    (await pool.query<R>(text, values)).rows;
  const both = (cols: string): string =>
    `SELECT ${cols} FROM "${schema}".job WHERE name = $1 UNION ALL SELECT ${cols} FROM "${schema}".archive WHERE name = $1`;
  return {
    async enqueue(queue, plan, opts) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [ENQUEUE_LOCK, loc.schema]);
        const open = await client.query<{ data: unknown }>(
          `SELECT data FROM "${schema}".job WHERE name = $1 AND state::text = ANY($2) ORDER BY created_on, id`,
          [queue, OPEN],
        );
        const jobs = await plan(open.rows.map((r) => r.data as never));
        if (jobs.length === 0) return 0;
        const ids = jobs.map((j) => jobId(queue, j.key));
        const known = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${schema}".job WHERE name = $1 AND id = ANY($2::uuid[])`,
          [queue, ids],
        );
        for (let i = 0; i < jobs.length; i += 500)
          await boss.insert(
            jobs.slice(i, i + 500).map((j, k) => ({
              id: ids[i + k]!,
              name: queue,
              data: j.data as object,
              expireInSeconds: opts.expireInSeconds,
              retryLimit: opts.retryLimit,
            })),
          );
        return jobs.length - (known.rows[0]?.n ?? 0);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ENQUEUE_LOCK, loc.schema]);
        client.release();
      }
    },
    async take<T>(queue: string) {
      const [job] = await boss.fetch<T>(queue, { batchSize: 1, includeMetadata: true });
      return job ? { id: job.id, data: job.data, retryCount: job.retryCount } : null;
    },
    async complete(queue, id, output) {
      await boss.complete(queue, id, output);
    },
    async fail(queue, id, message) {
      await boss.fail(queue, id, { message });
    },
    async expire() {
      await boss.expire();
    },
    async counts(queue, filter) {
      const where = filter ? ` AND data->>$2 = $3` : '';
      const rows = await sql<{ state: string; n: string; retried: string }>(
        `SELECT state, count(*) AS n, count(*) FILTER (WHERE retry_count > 0) AS retried FROM (` +
          both('state::text AS state, data, retry_count') +
          `) j WHERE true${where} GROUP BY state ORDER BY state`,
        filter ? [queue, filter.field, filter.value] : [queue],
      );
      const n = (s: string[]): number =>
        rows.filter((r) => s.includes(r.state)).reduce((a, r) => a + Number(r.n), 0);
      return {
        queued: n(['created', 'retry']),
        active: n(['active']),
        completed: n(['completed']),
        failed: n(['failed', 'cancelled']),
        retried: rows.reduce((a, r) => a + Number(r.retried), 0),
      };
    },
    async jobsOf<T>(queue: string, field: string, value: string) {
      const rows = await sql<{ state: string; data: T; output: Record<string, unknown> | null }>(
        `SELECT state, data, output FROM (${both('id, state::text AS state, data, output')}) j ` +
          `WHERE data->>$2 = $3 ORDER BY id`,
        [queue, field, value],
      );
      return rows;
    },
    async close() {
      await boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => undefined);
      await pool.end();
    },
  };
}
