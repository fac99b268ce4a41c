import * as z from 'zod';
import { CaseName, CaseParams, ROLE_SETS } from './common.js';
import type { RouteContract } from './route.js';

/**
 * What a job does: the CLI's `import`, `hash`, `match`, `analyse`, or `run` (hash, match, then analyse); `verify`
 * (read-only, started by auditors and supervisors through `POST …/verify`, not through `POST …/jobs`).
 */
export const JobKind = z.enum(['import', 'hash', 'match', 'analyse', 'run', 'verify']);
/** What a job does. */
export type JobKind = z.infer<typeof JobKind>;

/** Where a job is: waiting its turn on the case, running, or ended one of three ways. */
export const JobState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
/** Where a job is. */
export type JobState = z.infer<typeof JobState>;

/** `POST …/jobs`: the kind, and for `import` a folder of the intake directory with `vigie import`'s options. */
export const JobRequest = z
  .object({
    kind: JobKind,
    /** A folder (or .zip) under the server's intake directory, relative to it: `UC-A/ChatExport_2026-11-10`. */
    folder: z.string().min(1).max(1024).optional(),
    /** Label of the collecting (undercover) account, as `vigie import --account`. */
    account: z.string().min(1).max(200).optional(),
    /** Exporter's time zone for old exports, as `vigie import --tz` (IANA name or ±HH:MM). */
    tz: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((b) => (b.kind === 'import') === (b.folder !== undefined), {
    message: 'folder is required for an import job and only for it',
    path: ['folder'],
  })
  .refine((b) => b.kind === 'import' || (b.account === undefined && b.tz === undefined), {
    message: 'account and tz apply to import jobs only',
    path: ['account'],
  })
  .refine((b) => b.kind !== 'verify', {
    message: 'verify runs through POST /api/v1/cases/{case}/verify (auditors and supervisors)',
    path: ['kind'],
  });
/** `POST …/jobs` body. */
export type JobRequest = z.infer<typeof JobRequest>;

/** Progress of the stage in hand: `done` of `total` units (total null: not known in advance, e.g. messages). */
export const JobProgress = z.object({
  stage: z.string(),
  done: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
});
/** Progress of the stage in hand. */
export type JobProgress = z.infer<typeof JobProgress>;

/** One job as the API shows it: who asked, when, where it is, and its result summary or its error. */
export const Job = z.object({
  id: z.string(),
  case: z.string(),
  kind: JobKind,
  state: JobState,
  /** The signed-in person who asked for it (the audit user of its stages). */
  by: z.string(),
  folder: z.string().nullable(),
  account: z.string().nullable(),
  tz: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  progress: JobProgress.nullable(),
  /** Who asked to cancel it (the job ends `cancelled` at the stage's next safe point). */
  cancelledBy: z.string().nullable(),
  /** One line, as the CLI prints it. */
  summary: z.string().nullable(),
  /** The use case's report, with per-item issue lists replaced by their counts. */
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
/** One job. */
export type Job = z.infer<typeof Job>;

/** `POST …/jobs` answer. */
export const JobCreated = z.object({ id: z.string() });

/** `GET …/jobs`: the case's jobs in this server's memory, newest first. */
export const JobList = z.object({ items: z.array(Job) });

/** `{case}` and `{id}` of one job's routes. */
export const JobParams = z.object({
  case: CaseName,
  id: z.string().min(1).max(128),
});

/**
 * A server-sent event of `…/jobs/{id}/events`: `state` (the job as it is, first for every subscriber), `progress`
 * (as the stage goes), and one `end` (the job as it ended) after which the stream closes.
 */
export const JobEvent = z.discriminatedUnion('event', [
  z.object({ event: z.literal('state'), data: Job }),
  z.object({ event: z.literal('progress'), data: JobProgress }),
  z.object({ event: z.literal('end'), data: Job }),
]);
/** A server-sent event of a job. */
export type JobEvent = z.infer<typeof JobEvent>;

/** `GET /api/v1/intake`: the folders (and zips) of the intake directory that look like exports, by relative name. */
export const IntakeList = z.object({ items: z.array(z.string()) });

const JOBS = '/api/v1/cases/{case}/jobs';

/** Jobs from the browser (docs/workbench-jobs.md): start, list, follow, cancel; and the intake folders to import. */
export const JOB_ROUTES = [
  {
    id: 'jobs.create',
    method: 'POST',
    path: JOBS,
    summary:
      'Queue a job on the case (import a folder of the intake directory, hash, match, analyse, or run = hash+match+analyse); one job at a time per case',
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: CaseParams,
    body: JobRequest,
    response: JobCreated,
    audited: true,
  },
  {
    id: 'jobs.list',
    method: 'GET',
    path: JOBS,
    summary: "The case's jobs since the server started, newest first: state, who, when, summary or error",
    roles: ROLE_SETS.caseReaders,
    caseScoped: true,
    params: CaseParams,
    response: JobList,
  },
  {
    id: 'jobs.show',
    method: 'GET',
    path: `${JOBS}/{id}`,
    summary: 'One job as it is now',
    roles: ROLE_SETS.caseReaders,
    caseScoped: true,
    params: JobParams,
    response: Job,
  },
  {
    id: 'jobs.events',
    method: 'GET',
    path: `${JOBS}/{id}/events`,
    summary:
      "A job's server-sent events: `state` first (a late subscriber gets the job as it is), `progress`, then one `end`",
    roles: ROLE_SETS.caseReaders,
    caseScoped: true,
    params: JobParams,
    response: 'event-stream',
  },
  {
    id: 'jobs.cancel',
    method: 'POST',
    path: `${JOBS}/{id}/cancel`,
    summary:
      'Cancel a job: a queued job never starts; a running one stops at its next safe point (committed work stays)',
    roles: ROLE_SETS.analysts,
    caseScoped: true,
    params: JobParams,
    response: Job,
    audited: true,
  },
  {
    id: 'intake.list',
    method: 'GET',
    path: '/api/v1/intake',
    summary: 'The exports (folders and zips) of the intake directory that an import job may read, by name',
    roles: ROLE_SETS.analysts,
    caseScoped: false,
    response: IntakeList,
  },
] as const satisfies readonly RouteContract[];
