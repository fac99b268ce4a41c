import type { CaseContext } from './context.js';
import { jobsLocation, type HashJobData } from './hash-jobs.js';
import { HASH_QUEUE, openJobQueue, type NewJob } from '../store/postgres/jobs.js';
import type { PdqConvention } from '../signals/pdq/index.js';
import type { VpdqSize } from '../signals/vpdq/index.js';

/** Options of `vigie hash --jobs`. */
export interface EnqueueHashingInput {
  readonly convention?: PdqConvention;
  /** vPDQ size of videos (default `native`); null hashes videos' bytes only. */
  readonly vpdqSize?: VpdqSize | null;
  readonly secondsPerHash?: number;
  readonly thumbnails?: boolean;
  /** Media per job (default 25). */
  readonly batchSize?: number;
  /** Seconds a worker may hold a job before it counts as dead and the job is retried (default 900). */
  readonly expireInSeconds?: number;
  /** Tries after the first (default 3). */
  readonly retryLimit?: number;
}

/** What `vigie hash --jobs` queued. */
export interface EnqueueHashingReport {
  /** The hashing run the new jobs belong to (null: nothing new to hash). */
  readonly runId: string | null;
  /** Media not hashed yet. */
  readonly unhashed: number;
  /** Of them, media already in an open job (an earlier `hash --jobs` not finished). */
  readonly alreadyQueued: number;
  /** New jobs. */
  readonly jobs: number;
  readonly batchSize: number;
}

/**
 * Queue the hashing of every media not hashed yet, one job per batch, for `vigie worker` processes to take. Under
 * the case's enqueuing lock, media already in an open job are left out and each job's id derives from its media, so
 * enqueuing twice adds nothing. Starts the run (`stage` hash, `jobs: true`) with an audit event; the worker that
 * finishes the run's last job closes it.
 */
export async function enqueueHashing(
  deps: Pick<CaseContext, 'store' | 'info' | 'paths' | 'user'>,
  input: EnqueueHashingInput = {},
): Promise<EnqueueHashingReport> {
  const loc = jobsLocation(deps, 'hash --jobs');
  const convention = input.convention ?? 'full';
  const vpdqSize = input.vpdqSize === undefined ? 'native' : input.vpdqSize;
  const secondsPerHash = input.secondsPerHash ?? 1;
  const thumbnails = input.thumbnails ?? true;
  const batchSize = Math.max(1, input.batchSize ?? 25);
  const queue = await openJobQueue(loc);
  try {
    const unhashed = await deps.store.media.listUnhashed(convention, vpdqSize);
    let runId: string | null = null;
    let alreadyQueued = 0;
    const jobs = await queue.enqueue<HashJobData>(
      HASH_QUEUE,
      async (open) => {
        const held = new Set(open.flatMap((d) => d.sha256s));
        const todo = unhashed.filter((s) => !held.has(s)).sort();
        alreadyQueued = unhashed.length - todo.length;
        if (todo.length === 0) return [];
        const options = { convention, jobs: true, batchSize, thumbnails, vpdqSize, secondsPerHash };
        const id = await deps.store.transaction(async (tx) => {
          const started = await tx.runs.start('hash', options);
          await tx.audit.append({
            user: deps.user,
            command: 'hash --jobs',
            subject: started,
            details: { media: todo.length, jobs: Math.ceil(todo.length / batchSize), batchSize },
          });
          return started;
        });
        runId = id;
        const out: NewJob<HashJobData>[] = [];
        for (let i = 0; i < todo.length; i += batchSize) {
          const sha256s = todo.slice(i, i + batchSize);
          out.push({
            key: `${convention}/${vpdqSize ?? 'none'}/${sha256s.join(',')}`,
            data: { runId: id, sha256s, convention, vpdqSize, secondsPerHash, thumbnails },
          });
        }
        return out;
      },
      { expireInSeconds: input.expireInSeconds ?? 900, retryLimit: input.retryLimit ?? 3 },
    );
    return { runId, unhashed: unhashed.length, alreadyQueued, jobs, batchSize };
  } finally {
    await queue.close();
  }
}
