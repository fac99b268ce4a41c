import type { CaseContext } from './context.js';

/** One pipeline run as `vigie runs --json` shows it (times ISO-8601 UTC). */
export interface RunItem {
  readonly id: string;
  readonly stage: string;
  /** `running`, `ok`, `issues`, `failed`, `interrupted`. */
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly issues: number;
  readonly vigieVersion: string;
  /** The run's figures as its stage recorded them. */
  readonly stats: unknown;
}

/** Every pipeline run of the case, oldest first, with its issue count. */
export async function listRuns(deps: Pick<CaseContext, 'store'>): Promise<RunItem[]> {
  return deps.store.transaction(
    async (tx) => {
      const out: RunItem[] = [];
      for (const r of await tx.runs.list())
        out.push({
          id: r.id,
          stage: r.stage,
          status: r.status,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          issues: (await tx.runs.issues(r.id)).length,
          vigieVersion: r.vigie_version,
          stats: parse(r.stats),
        });
      return out;
    },
    { readonly: true },
  );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
