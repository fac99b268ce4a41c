import { VIGIE_VERSION } from '../domain/version.js';
import { canonicalJson } from '../domain/canonical.js';
import { auditRepo } from './audit.js';
import type { StoreQ } from './port.js';

/** Runs fed by the job queue (`hash --jobs`) outlive their command: the worker finishing the last job closes them. */
const JOB_MARK = '"jobs":true';
const JOB_RUN = `%${JOB_MARK}%`;

/** True for a run fed by the job queue, from its stored options (the runs JOB_RUN selects). */
export function queueFed(options: string): boolean {
  return options.includes(JOB_MARK);
}

/** A run's final status. */
export type RunStatus = 'ok' | 'issues' | 'failed' | 'interrupted';

/** A run id: stage + start time + random suffix. */
export function newRunId(stage: string, started: string): string {
  return `${stage}-${started.replace(/[-:.TZ]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
}

/** One per-item issue as the `issue` table keeps it. */
export interface StoredIssue {
  sourceId: string | null;
  code: string;
  file: string;
  location: string;
  message: string;
}

/** Record per-item issues of a run (the bulk path: the one writer of table `issue`). */
export async function insertIssues(
  q: StoreQ,
  runId: string | null,
  issues: readonly StoredIssue[],
): Promise<void> {
  if (!issues.length) return;
  await q.bulk.insert(
    'issue',
    ['run_id', 'source_id', 'code', 'file', 'location', 'message'],
    issues.map((x) => [runId, x.sourceId, x.code, x.file, x.location, x.message]),
  );
}

/** Pipeline runs and their per-item issues. */
export function runRepo(q: StoreQ) {
  return {
    /** Start a run record (under a given id, or a new one); returns its id. */
    start: async (
      stage: string,
      options: Record<string, unknown> = {},
      givenId?: string,
    ): Promise<string> => {
      const started = new Date().toISOString();
      const id = givenId ?? newRunId(stage, started);
      await q.db
        .insertInto('pipeline_run')
        .values({
          id,
          stage,
          started_at: started,
          status: 'running',
          options: canonicalJson(options),
          stats: '{}',
          vigie_version: VIGIE_VERSION,
        })
        .execute();
      return id;
    },
    /** Close a run with its status and figures. */
    finish: async (id: string, status: RunStatus, stats: Record<string, unknown> = {}): Promise<void> => {
      await q.db
        .updateTable('pipeline_run')
        .set({ finished_at: new Date().toISOString(), status, stats: canonicalJson(stats) })
        .where('id', '=', id)
        .execute();
    },
    /** True when a run of this stage ended (ok or with issues): e.g. the case has been analysed. */
    completed: async (stage: string): Promise<boolean> =>
      (await q.db
        .selectFrom('pipeline_run')
        .select('id')
        .where('stage', '=', stage)
        .where('status', 'in', ['ok', 'issues'])
        .limit(1)
        .executeTakeFirst()) !== undefined,
    /** True when some run is still marked `running` (queue-fed runs aside). */
    anyRunning: async (): Promise<boolean> =>
      (await q.db
        .selectFrom('pipeline_run')
        .select('id')
        .where('status', '=', 'running')
        .where('options', 'not like', JOB_RUN)
        .limit(1)
        .executeTakeFirst()) !== undefined,
    /** Mark every run still `running` (queue-fed runs aside) as `interrupted`, one audit event each; returns their ids. */
    markInterrupted: async (user: string): Promise<string[]> => {
      const rows = await q.db
        .selectFrom('pipeline_run')
        .select(['id', 'stage', 'started_at'])
        .where('status', '=', 'running')
        .where('options', 'not like', JOB_RUN)
        .orderBy('id')
        .execute();
      const now = new Date().toISOString();
      const audit = auditRepo(q);
      for (const r of rows) {
        await q.db
          .updateTable('pipeline_run')
          .set({ status: 'interrupted', finished_at: now })
          .where('id', '=', r.id)
          .execute();
        await audit.append({
          user,
          command: 'interrupted',
          subject: r.id,
          details: { stage: r.stage, startedAt: r.started_at },
        });
      }
      return rows.map((r) => r.id);
    },
    /** Record per-item issues of a run. */
    addIssues: (runId: string | null, issues: readonly StoredIssue[]): Promise<void> =>
      insertIssues(q, runId, issues),
    /** The per-item issues of a run, in the order recorded. */
    issues: (runId: string) =>
      q.db.selectFrom('issue').selectAll().where('run_id', '=', runId).orderBy('id').execute(),
    /** One run record, or undefined. */
    get: (id: string) => q.db.selectFrom('pipeline_run').selectAll().where('id', '=', id).executeTakeFirst(),
    /** Every run, oldest first. */
    list: () => q.db.selectFrom('pipeline_run').selectAll().orderBy('started_at').orderBy('id').execute(),
  };
}
