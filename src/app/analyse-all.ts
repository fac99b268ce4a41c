import type { CaseContext } from './context.js';
import type { AnalyseCaseReport } from './analyse-case.js';
import type { AttributeActorsReport } from './attribute-actors.js';
import type { ScoreTargetsReport } from './score-targets.js';
import { reportOf, runStages } from './stages.js';

/** Options of `vigie analyse`: analysis I, attribution and triage in one go. */
export interface AnalyseAllInput {
  readonly lexiconFile?: string;
  readonly policyFile?: string;
  readonly pdqThreshold?: number;
  readonly onStage?: (stage: string) => void;
  /** Cancel between stages (each stage that finished keeps its run). */
  readonly signal?: AbortSignal;
}

/** What `vigie analyse` produced: clusters/actors/network, attribution, and the triage ranking. */
export interface AnalyseAllReport {
  readonly analysis: AnalyseCaseReport;
  readonly attribution: AttributeActorsReport;
  readonly triage: ScoreTargetsReport;
}

/** Run the analysis stages of the shared list in order (each its own pipeline run and audit event); deterministic. */
export async function analyseAll(deps: CaseContext, input: AnalyseAllInput = {}): Promise<AnalyseAllReport> {
  const r = await runStages(deps, input, { from: 'analyse', to: 'triage' });
  return {
    analysis: reportOf(r, 'analyse'),
    attribution: reportOf(r, 'attribution'),
    triage: reportOf(r, 'triage'),
  };
}
