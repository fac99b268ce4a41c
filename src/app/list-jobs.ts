import type { CaseContext } from './context.js';
import { jobsLocation, type HashJobData } from './hash-jobs.js';
import { HASH_QUEUE, openJobQueue, type JobCounts } from '../store/postgres/jobs.js';

/** One hashing run fed by the queue, with its progress. */
export interface JobRunProgress {
  readonly runId: string;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly jobs: JobCounts;
  /** Media in the run's jobs, and in those finished. */
  readonly media: number;
  readonly mediaDone: number;
}

/** The `vigie jobs --json` answer. */
export interface JobsReport {
  readonly queue: string;
  readonly jobs: JobCounts;
  readonly runs: JobRunProgress[];
}

/** `vigie jobs`: the hashing queue's jobs by state, and each `hash --jobs` run's progress (oldest run first). */
export async function listJobs(deps: Pick<CaseContext, 'store' | 'info' | 'paths'>): Promise<JobsReport> {
  const queue = await openJobQueue(jobsLocation(deps, 'jobs'));
  try {
    const runs = (await deps.store.runs.list()).filter(
      (r) => r.stage === 'hash' && (JSON.parse(r.options) as { jobs?: boolean }).jobs === true,
    );
    const progress: JobRunProgress[] = [];
    for (const r of runs) {
      const all = await queue.jobsOf<HashJobData>(HASH_QUEUE, 'runId', r.id);
      progress.push({
        runId: r.id,
        status: r.status,
        startedAt: r.started_at,
        finishedAt: r.finished_at ?? null,
        jobs: await queue.counts(HASH_QUEUE, { field: 'runId', value: r.id }),
        media: all.reduce((a, j) => a + j.data.sha256s.length, 0),
        mediaDone: all.filter((j) => j.state === 'completed').reduce((a, j) => a + j.data.sha256s.length, 0),
      });
    }
    return { queue: HASH_QUEUE, jobs: await queue.counts(HASH_QUEUE), runs: progress };
  } finally {
    await queue.close();
  }
}
