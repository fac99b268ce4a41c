import { basename, extname } from 'node:path';
import type { CaseContext } from './context.js';
import type { ImportResult } from './import-sources.js';
import type { HashMediaReport } from './hash-media.js';
import type { AddHashListResult } from './add-hashlist.js';
import type { MatchMediaResult } from './match-media.js';
import type { AnalyseAllReport } from './analyse-all.js';
import { reportOf, runStages } from './stages.js';

/** Options of `vigie run`: import + hash + hash lists + match + analyse. */
export interface RunPipelineInput {
  readonly paths: readonly string[];
  readonly account?: string;
  readonly tz?: string;
  /** Alert hash lists (format detected; named after the file). */
  readonly hashlists?: readonly string[];
  /** Ignore hash lists. */
  readonly ignoreLists?: readonly string[];
  readonly workers?: number;
  readonly lexiconFile?: string;
  readonly policyFile?: string;
  readonly onStage?: (stage: string) => void;
  readonly onProgress?: (stage: string, done: number, total: number | null) => void;
}

/** What each stage of `vigie run` did. */
export interface RunPipelineReport {
  readonly import: ImportResult;
  readonly hash: HashMediaReport;
  readonly hashlists: AddHashListResult[];
  readonly match: MatchMediaResult;
  readonly analyse: AnalyseAllReport;
}

function listName(file: string): string {
  return basename(file, extname(file));
}

/** Chain every stage on a case (the shared list, src/app/stages.ts); each stage records its own run and audit event. */
export async function runPipeline(deps: CaseContext, input: RunPipelineInput): Promise<RunPipelineReport> {
  const hashlists = [
    ...(input.hashlists ?? []).map((file) => ({ file, name: listName(file), role: 'alert' as const })),
    ...(input.ignoreLists ?? []).map((file) => ({ file, name: listName(file), role: 'ignore' as const })),
  ];
  const r = await runStages(deps, {
    imports: [{ paths: input.paths, account: input.account, tz: input.tz }],
    hashlists,
    workers: input.workers,
    lexiconFile: input.lexiconFile,
    policyFile: input.policyFile,
    onStage: input.onStage,
    onProgress: input.onProgress,
  });
  return {
    import: reportOf(r, 'import')[0]!,
    hash: reportOf(r, 'hash'),
    hashlists: reportOf(r, 'hashlists'),
    match: reportOf(r, 'match'),
    analyse: {
      analysis: reportOf(r, 'analyse'),
      attribution: reportOf(r, 'attribution'),
      triage: reportOf(r, 'triage'),
    },
  };
}
