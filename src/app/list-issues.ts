import type { CaseContext } from './context.js';
import type { IssueCode, IssueSeverity } from '../domain/issue.js';
import { importIssueSeverity } from '../pipeline/import/severity.js';

/** One per-item issue as `vigie issues --json` shows it. */
export interface IssueItem {
  readonly run: string;
  readonly stage: string;
  readonly source: string | null;
  readonly severity: IssueSeverity;
  readonly code: string;
  readonly file: string;
  readonly location: string;
  readonly message: string;
}

/** Filters of `vigie issues`. */
export interface IssueFilter {
  readonly source?: string;
  readonly severity?: IssueSeverity;
}

/**
 * Every per-item issue the pipeline recorded, run by run in the order recorded. The severity is the import's grading
 * (a media file absent from the export is a warning), a return's issues are warnings, anything else an error.
 */
export async function listIssues(
  deps: Pick<CaseContext, 'store'>,
  filter: IssueFilter = {},
): Promise<IssueItem[]> {
  return deps.store.transaction(
    async (tx) => {
      const out: IssueItem[] = [];
      for (const r of await tx.runs.list())
        for (const i of await tx.runs.issues(r.id)) {
          const severity: IssueSeverity =
            r.stage === 'returns' || i.code.startsWith('RETURNS_')
              ? 'warning'
              : importIssueSeverity(i.code as IssueCode);
          if (filter.source !== undefined && i.source_id !== filter.source) continue;
          if (filter.severity !== undefined && severity !== filter.severity) continue;
          out.push({
            run: r.id,
            stage: r.stage,
            source: i.source_id,
            severity,
            code: i.code,
            file: i.file,
            location: i.location,
            message: i.message,
          });
        }
      return out;
    },
    { readonly: true },
  );
}
