import type { CaseContext } from '../../app/context.js';
import { importSources } from '../../app/import-sources.js';
import { hashMedia } from '../../app/hash-media.js';
import { matchMedia } from '../../app/match-media.js';
import { analyseAll } from '../../app/analyse-all.js';
import { runStages, STAGES, type StageName, type StageReports } from '../../app/stages.js';
import type { StageProgress } from '../../app/run-stage.js';
import type { JobKind } from '../../contracts/jobs.js';
import { verifyCase } from '../../app/verify-case.js';
import { firstFinding } from '../../app/verify-first.js';

/** Kinds that only read the case: opened read-only, no audit event (the case stays as it is). */
export const READ_ONLY_KINDS: ReadonlySet<JobKind> = new Set(['verify']);

/** What a job runs: its kind and, for an import, the checked absolute path with `vigie import`'s options. */
export interface JobWork {
  readonly kind: JobKind;
  readonly path?: string;
  readonly account?: string;
  readonly tz?: string;
}

/** How a running job is steered: cancelled through `signal`, heard through `progress`. */
export interface JobControl {
  readonly signal: AbortSignal;
  progress(p: StageProgress): void;
}

/** A finished job's one-line summary (as the CLI prints it) and its report without per-item issue lists. */
export interface JobOutcome {
  readonly summary: string;
  readonly result: Record<string, unknown>;
}

/** The one-line summary of a stage's report, from the shared stage list. */
function summaryOf<K extends StageName>(name: K, report: StageReports[K]): string {
  const stage = STAGES.find((s) => s.name === name);
  return stage ? `${name}: ${(stage.summary as (r: StageReports[K]) => string)(report)}` : name;
}

/** A report with every `issues` list replaced by its length (the full issues are in the case's issue table). */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, k === 'issues' && Array.isArray(x) ? x.length : compact(x)]),
  );
}

const outcome = (summary: string, report: unknown): JobOutcome => ({
  summary,
  result: compact(report) as Record<string, unknown>,
});

/** The analysis stages a job announces as it enters them. */
const STAGE_NAMES: ReadonlySet<string> = new Set(STAGES.map((s) => s.name));

/** Run one job's use cases on the open (writable) case: the same calls as the CLI's commands. */
export async function executeJob(ctx: CaseContext, work: JobWork, c: JobControl): Promise<JobOutcome> {
  const { signal } = c;
  const onStage = (s: string): void => {
    if (STAGE_NAMES.has(s)) c.progress({ stage: s, done: 0, total: null });
  };
  const onHash = (done: number, total: number): void => c.progress({ stage: 'hash', done, total });
  switch (work.kind) {
    case 'import': {
      const paths = [work.path ?? ''];
      const r = await importSources(ctx, {
        paths,
        ...(work.account === undefined ? {} : { account: work.account }),
        ...(work.tz === undefined ? {} : { tz: work.tz }),
        onProgress: (p) => c.progress(p),
        signal,
      });
      return outcome(summaryOf('import', [r]), r);
    }
    case 'hash': {
      const r = await hashMedia(ctx, { onProgress: onHash, signal });
      return outcome(summaryOf('hash', r), r);
    }
    case 'match': {
      c.progress({ stage: 'match', done: 0, total: null });
      const r = await matchMedia(ctx, { signal });
      return outcome(summaryOf('match', r), r);
    }
    case 'analyse': {
      const r = await analyseAll(ctx, { onStage, signal });
      const parts = [
        summaryOf('analyse', r.analysis),
        summaryOf('attribution', r.attribution),
        summaryOf('triage', r.triage),
      ];
      return outcome(parts.join('; '), r);
    }
    case 'run': {
      const parts: string[] = [];
      const r = await runStages(
        ctx,
        {
          onStage,
          onProgress: (s, done, total) => s === 'hash' && total !== null && onHash(done, total),
          signal,
        },
        { from: 'hash', to: 'triage' },
        (d) => {
          if (d.name !== 'hashlists') parts.push(`${d.name}: ${d.summary}`);
        },
      );
      return outcome(parts.join('; '), r);
    }
    case 'verify': {
      const r = await verifyCase(ctx, { onProgress: (p) => c.progress(p) });
      const first = firstFinding(r);
      const summary = first ? `verify: FAILED: ${first.code}: ${first.place}` : 'verify: OK';
      return outcome(summary, {
        ok: r.ok,
        first,
        evidenceFiles: r.evidenceFiles,
        auditEvents: r.auditEvents,
        findings: r.findings.length,
        unreferenced: r.unreferenced,
      });
    }
  }
}
