import { randomBytes } from 'node:crypto';
import type { CaseContext } from '../../app/context.js';
import { AppError, isAppError } from '../../domain/errors.js';
import type { Job, JobEvent, JobProgress, JobRequest } from '../../contracts/jobs.js';
import { asAppError } from '../../app/faults.js';
import { executeJob, READ_ONLY_KINDS, type JobWork } from './execute.js';
import { intakePath } from './intake.js';

/** Open a case writable for `fn` with the person as the acting user, and close it after (the server's writeCase). */
export type OpenForJob<P> = <T>(
  caseDir: string,
  person: P,
  fn: (ctx: CaseContext) => Promise<T>,
) => Promise<T>;

/** Options of a job runner. */
export interface JobRunnerOptions<P> {
  /** The only folder imports are read from (`vigie serve --intake`). */
  readonly intakeDir: string;
  readonly open: OpenForJob<P>;
  /** Opens a case read-only for the kinds that only read it (verify); default `open`. */
  readonly openRead?: OpenForJob<P>;
  readonly now?: () => number;
  /** Ended jobs kept per case (default 100); older ones are forgotten (their runs and audit events stay). */
  readonly keep?: number;
}

interface Entry<P> {
  job: Job;
  readonly caseDir: string;
  readonly person: P;
  readonly work: JobWork;
  readonly controller: AbortController;
  readonly listeners: Set<(e: JobEvent) => void>;
}

const ENDED = new Set<Job['state']>(['done', 'failed', 'cancelled']);

/**
 * The server's jobs: queued per case and run one at a time per case (different cases run at once), each in a case
 * opened writable for its duration as the person who asked; progress is heard by subscribers, cancel stops the
 * stage at its next safe point. Jobs live in this process's memory; their runs and audit events live in the case.
 */
export class JobRunner<P extends { readonly name: string }> {
  private readonly entries = new Map<string, Entry<P>>();
  private readonly tails = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly opts: JobRunnerOptions<P>) {
    this.now = opts.now ?? Date.now;
  }

  /** Queue a job on a case (an import's folder is checked now: inside the intake directory, existing). */
  submit(caseName: string, caseDir: string, person: P, req: JobRequest): Job {
    const path = req.folder === undefined ? undefined : intakePath(this.opts.intakeDir, req.folder);
    const id = `${req.kind}-${this.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const job: Job = {
      id,
      case: caseName,
      kind: req.kind,
      state: 'queued',
      by: person.name,
      folder: req.folder ?? null,
      account: req.account ?? null,
      tz: req.tz ?? null,
      queuedAt: this.iso(),
      startedAt: null,
      endedAt: null,
      progress: null,
      cancelledBy: null,
      summary: null,
      result: null,
      error: null,
    };
    const work: JobWork = {
      kind: req.kind,
      ...(path === undefined ? {} : { path }),
      ...(req.account === undefined ? {} : { account: req.account }),
      ...(req.tz === undefined ? {} : { tz: req.tz }),
    };
    const entry: Entry<P> = {
      job,
      caseDir,
      person,
      work,
      controller: new AbortController(),
      listeners: new Set(),
    };
    this.entries.set(id, entry);
    const tail = (this.tails.get(caseDir) ?? Promise.resolve()).then(() => this.run(entry));
    this.tails.set(caseDir, tail);
    void tail.then(() => {
      if (this.tails.get(caseDir) === tail) this.tails.delete(caseDir);
    });
    return { ...job };
  }

  /** The case's jobs, newest first. */
  list(caseName: string): Job[] {
    return [...this.entries.values()]
      .filter((e) => e.job.case === caseName)
      .map((e) => ({ ...e.job }))
      .reverse();
  }

  /** One job of the case (NOT_FOUND otherwise). */
  get(caseName: string, id: string): Job {
    return { ...this.entry(caseName, id).job };
  }

  /** Ask a job to stop: a queued job never starts, a running one stops at its stage's next safe point. */
  cancel(caseName: string, id: string, person: P): Job {
    const e = this.entry(caseName, id);
    if (ENDED.has(e.job.state) || e.job.cancelledBy !== null) return { ...e.job };
    e.job = { ...e.job, cancelledBy: person.name };
    e.controller.abort();
    if (e.job.state === 'queued') this.end(e, { state: 'cancelled' });
    else this.emit(e, { event: 'state', data: { ...e.job } });
    return { ...e.job };
  }

  /** Hear a job's events: its state first, then progress, then `end` (at once if it has ended); returns unsubscribe. */
  subscribe(caseName: string, id: string, fn: (e: JobEvent) => void): () => void {
    const e = this.entry(caseName, id);
    fn({ event: 'state', data: { ...e.job } });
    if (ENDED.has(e.job.state)) {
      fn({ event: 'end', data: { ...e.job } });
      return () => undefined;
    }
    e.listeners.add(fn);
    return () => e.listeners.delete(fn);
  }

  /** Resolves when no job is queued or running. */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all([...this.tails.values()]);
  }

  /** Cancel every job and wait for them to stop (server shutdown). */
  async close(): Promise<void> {
    for (const e of this.entries.values()) if (!ENDED.has(e.job.state)) e.controller.abort();
    await this.idle();
  }

  private entry(caseName: string, id: string): Entry<P> {
    const e = this.entries.get(id);
    if (!e || e.job.case !== caseName)
      throw new AppError('NOT_FOUND', `job ${id}: no such job on case '${caseName}'`);
    return e;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private emit(e: Entry<P>, ev: JobEvent): void {
    for (const fn of e.listeners) {
      try {
        fn(ev);
      } catch {
        e.listeners.delete(fn); // a subscriber that went away
      }
    }
  }

  private end(e: Entry<P>, patch: Partial<Job>): void {
    e.job = { ...e.job, ...patch, endedAt: this.iso() };
    this.emit(e, { event: 'end', data: { ...e.job } });
    e.listeners.clear();
    this.prune(e.job.case);
  }

  private prune(caseName: string): void {
    const ended = [...this.entries.values()].filter((x) => x.job.case === caseName && ENDED.has(x.job.state));
    for (const x of ended.slice(0, Math.max(0, ended.length - (this.opts.keep ?? 100))))
      this.entries.delete(x.job.id);
  }

  /** Run one job in its case's turn; never throws (its error is the job's). */
  private async run(e: Entry<P>): Promise<void> {
    const { signal } = e.controller;
    const readOnly = READ_ONLY_KINDS.has(e.work.kind);
    if (e.job.state === 'cancelled') {
      if (readOnly) return;
      // Cancelled before its turn: the cancel is still an audit event of the case (best effort: it may be busy).
      await this.opts
        .open(e.caseDir, e.person, (ctx) => this.audit(ctx, e, 'job cancel', { started: false }))
        .catch(() => undefined);
      return;
    }
    e.job = { ...e.job, state: 'running', startedAt: this.iso() };
    this.emit(e, { event: 'state', data: { ...e.job } });
    const progress = (p: JobProgress): void => {
      e.job = { ...e.job, progress: { ...p } };
      this.emit(e, { event: 'progress', data: { ...p } });
    };
    try {
      const open = readOnly ? (this.opts.openRead ?? this.opts.open) : this.opts.open;
      const out = await open(e.caseDir, e.person, async (ctx) => {
        await this.audit(ctx, e, 'job start', {});
        try {
          return await executeJob(ctx, e.work, { signal, progress });
        } finally {
          if (signal.aborted)
            await this.audit(ctx, e, 'job cancel', { started: true }).catch(() => undefined);
        }
      });
      this.end(e, { state: 'done', summary: out.summary, result: out.result });
    } catch (err) {
      if (isAppError(err, 'CANCELLED'))
        this.end(e, { state: 'cancelled', error: { code: err.code, message: err.message } });
      else {
        const known = asAppError(err);
        if (!known)
          process.stderr.write(`vigie serve: job ${e.job.id}: ${(err as Error).stack ?? String(err)}\n`);
        const error = known
          ? { code: known.code, message: known.message }
          : { code: 'INTERNAL', message: `job ${e.job.id}: internal error (see the server log)` };
        this.end(e, { state: 'failed', error });
      }
    }
  }

  /** Append a job's audit event (start or cancel) with the person who asked, or who cancelled. */
  private async audit(
    ctx: CaseContext,
    e: Entry<P>,
    command: string,
    extra: Record<string, unknown>,
  ): Promise<void> {
    if (READ_ONLY_KINDS.has(e.work.kind)) return; // a read-only job leaves the case as it is
    const user = command === 'job cancel' ? (e.job.cancelledBy ?? e.job.by) : e.job.by;
    const details = {
      job: e.job.id,
      kind: e.job.kind,
      by: e.job.by,
      queuedAt: e.job.queuedAt,
      ...(e.job.folder === null ? {} : { folder: e.job.folder, account: e.job.account, tz: e.job.tz }),
      ...extra,
    };
    await ctx.store.transaction((tx) => tx.audit.append({ user, command, subject: e.job.id, details }));
  }
}
