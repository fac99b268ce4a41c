import type { CaseContext } from './context.js';
import { hashMediaItems } from './hash-media.js';
import { jobsLocation, type HashJobData, type HashJobOutput } from './hash-jobs.js';
import { HASH_QUEUE, openJobQueue, type JobQueue, type TakenJob } from '../store/postgres/jobs.js';

/** Options of `vigie worker`. */
export interface RunWorkerInput {
  /** Jobs hashed at once by this process (default 1). */
  readonly concurrency?: number;
  /** Stop when no job is queued or running anywhere (default: keep polling until stopped). */
  readonly untilIdle?: boolean;
  /** Milliseconds between polls of an empty queue (default 1000). */
  readonly pollMs?: number;
  /** Resolves when the worker should stop taking jobs (SIGINT/SIGTERM); jobs in hand finish first. */
  readonly stop?: Promise<void>;
  /** Called after each job. */
  readonly onJob?: (e: { id: string; media: number; retry: number; error?: string }) => void;
}

/** What one worker process did. */
export interface RunWorkerReport {
  readonly jobs: number;
  readonly failed: number;
  readonly hashed: number;
  /** Hashing runs this worker closed (it finished their last job). */
  readonly closedRuns: string[];
}

type Deps = Pick<CaseContext, 'store' | 'info' | 'paths' | 'user' | 'evidence'>;

const ZERO: HashJobOutput = { total: 0, hashed: 0, issues: 0, already: 0 };

/** Hash one job's media; those already hashed (a killed worker's earlier try committed them) are not redone. */
async function hashJob(deps: Deps, job: TakenJob<HashJobData>): Promise<HashJobOutput> {
  const d = job.data;
  const todo = new Set(await deps.store.media.listUnhashed(d.convention, d.vpdqSize));
  const sha256s = d.sha256s.filter((s) => todo.has(s));
  const base = { ...ZERO, total: d.sha256s.length, already: d.sha256s.length - sha256s.length };
  if (sha256s.length === 0) return base;
  const r = await hashMediaItems(deps, {
    runId: d.runId,
    sha256s,
    convention: d.convention,
    vpdqSize: d.vpdqSize,
    secondsPerHash: d.secondsPerHash,
    thumbnails: d.thumbnails,
  });
  return { ...base, hashed: r.hashed, issues: r.issues.length };
}

/**
 * Close a hashing run once none of its jobs is queued or running: the run's end (figures summed over its jobs) and
 * its `hash` audit event in one transaction. Two workers finishing the last jobs at once may both get here; the
 * run's status decides (only a `running` run is closed). Returns whether this call closed it.
 */
export async function closeRunIfDone(deps: Deps, queue: JobQueue, runId: string): Promise<boolean> {
  const c = await queue.counts(HASH_QUEUE, { field: 'runId', value: runId });
  if (c.queued + c.active > 0) return false;
  const jobs = await queue.jobsOf<HashJobData>(HASH_QUEUE, 'runId', runId);
  const sum = { ...ZERO } as Record<keyof HashJobOutput, number>;
  for (const j of jobs) {
    const out = (j.state === 'completed' ? j.output : null) as Partial<HashJobOutput> | null;
    for (const k of Object.keys(sum) as (keyof HashJobOutput)[])
      sum[k] = (sum[k] ?? 0) + Number(out?.[k] ?? 0);
  }
  const total = jobs.reduce((a, j) => a + j.data.sha256s.length, 0);
  const stats = { ...sum, total, jobs: jobs.length, failedJobs: c.failed, retriedJobs: c.retried };
  const convention = jobs[0]?.data.convention ?? 'full';
  return deps.store.transaction(async (tx) => {
    const run = await tx.runs.get(runId);
    if (!run || run.status !== 'running') return false;
    await tx.runs.finish(runId, c.failed ? 'failed' : sum.issues ? 'issues' : 'ok', stats);
    await tx.audit.append({
      user: deps.user,
      command: 'hash',
      subject: runId,
      details: { convention, ...stats },
    });
    return true;
  });
}

/** Hashing runs started by `hash --jobs` and still running (the queue closes them). */
async function openJobRuns(deps: Deps): Promise<string[]> {
  const runs = await deps.store.runs.list();
  return runs
    .filter((r) => r.stage === 'hash' && r.status === 'running')
    .filter((r) => (JSON.parse(r.options) as { jobs?: boolean }).jobs === true)
    .map((r) => r.id);
}

/**
 * `vigie worker`: take hashing jobs from the case's queue and hash them, `concurrency` at a time, until stopped (or,
 * with `untilIdle`, until nothing is queued or running). Each job's results are committed by the hashing itself
 * (idempotent: media already hashed are skipped), then the job is marked done; a job whose worker died is handed out
 * again once its expiry passes (every idle poll expires overdue jobs).
 */
export async function runWorker(deps: Deps, input: RunWorkerInput = {}): Promise<RunWorkerReport> {
  const loc = jobsLocation(deps, 'worker');
  const queue = await openJobQueue(loc);
  const pollMs = input.pollMs ?? 1000;
  let stopping = false;
  void input.stop?.then(() => (stopping = true));
  const closedRuns: string[] = [];
  let jobs = 0;
  let failed = 0;
  let hashed = 0;
  const close = async (runId: string): Promise<void> => {
    if (await closeRunIfDone(deps, queue, runId)) closedRuns.push(runId);
  };
  const slot = async (): Promise<void> => {
    while (!stopping) {
      const job = await queue.take<HashJobData>(HASH_QUEUE);
      if (!job) {
        await queue.expire();
        if (input.untilIdle) {
          const c = await queue.counts(HASH_QUEUE);
          if (c.queued + c.active === 0) return;
        }
        await new Promise((r) => setTimeout(r, pollMs));
        continue;
      }
      try {
        const out = await hashJob(deps, job);
        await queue.complete(HASH_QUEUE, job.id, out);
        jobs++;
        hashed += out.hashed;
        input.onJob?.({ id: job.id, media: out.total, retry: job.retryCount });
      } catch (e) {
        const message = (e as Error).message;
        await queue.fail(HASH_QUEUE, job.id, message);
        failed++;
        input.onJob?.({ id: job.id, media: job.data.sha256s.length, retry: job.retryCount, error: message });
      }
      await close(job.data.runId);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? 1) }, slot));
    // Runs whose last job ended elsewhere without closing them (a failure past its tries, found by expiry).
    for (const runId of await openJobRuns(deps)) await close(runId);
  } finally {
    await queue.close();
  }
  return { jobs, failed, hashed, closedRuns: closedRuns.sort() };
}
