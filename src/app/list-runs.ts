import type { CaseContext } from './context.js';
import { liveHolders, runHolderGone } from '../store/case-lock.js';
import { queueFed } from '../store/runs.js';

/** One pipeline run as `vigie runs --json` shows it (times ISO-8601 UTC). */
export interface RunItem {
  readonly id: string;
  readonly stage: string;
  /** `running`, `ok`, `issues`, `failed`, `interrupted`. */
  readonly status: string;
  /** The status the database holds: `running` for a run shown interrupted because its process is gone. */
  readonly recordedStatus: string;
  /** `holder gone` when this listing, not the database, says interrupted (no live process can own the run). */
  readonly interruptedBy: 'holder gone' | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly issues: number;
  readonly vigieVersion: string;
  /** The run's figures as its stage recorded them. */
  readonly stats: unknown;
}

/**
 * Every pipeline run of the case, oldest first, with its issue count. A run still `running` whose process is gone
 * (no live lock holder can own it) is shown `interrupted`, without writing: the next writing command records it.
 */
export async function listRuns(deps: Pick<CaseContext, 'store' | 'paths'>): Promise<RunItem[]> {
  const queued = new Set<string>();
  const items = await deps.store.transaction(
    async (tx) => {
      const out: RunItem[] = [];
      for (const r of await tx.runs.list()) {
        if (queueFed(r.options)) queued.add(r.id);
        out.push({
          id: r.id,
          stage: r.stage,
          status: r.status,
          recordedStatus: r.status,
          interruptedBy: null,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          issues: (await tx.runs.issues(r.id)).length,
          vigieVersion: r.vigie_version,
          stats: parse(r.stats),
        });
      }
      return out;
    },
    { readonly: true },
  );
  // Queue-fed runs outlive their command (a worker closes them): only a command's own run dies with it.
  const open = items.filter((r) => r.status === 'running' && !queued.has(r.id));
  if (!open.length) return items;
  // The holders are read after the runs, and a gone run is read again: one that ended meanwhile shows its end.
  const holders = liveHolders(deps.paths.dir, undefined, { prune: false });
  const gone = new Set(open.filter((r) => runHolderGone(r.startedAt, holders)).map((r) => r.id));
  const out: RunItem[] = [];
  for (const r of items) {
    const now = gone.has(r.id) ? await deps.store.runs.get(r.id) : undefined;
    if (!now) out.push(r);
    else if (now.status !== 'running')
      out.push({
        ...r,
        status: now.status,
        recordedStatus: now.status,
        finishedAt: now.finished_at,
        stats: parse(now.stats),
      });
    else out.push({ ...r, status: 'interrupted', interruptedBy: 'holder gone' });
  }
  return out;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
