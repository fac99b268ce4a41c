import type { CaseContext } from './context.js';
import { analyseCase, type AnalyseCaseReport } from './analyse-case.js';
import { attributeActors, type AttributeActorsReport } from './attribute-actors.js';
import { scoreTargets, type ScoreTargetsReport } from './score-targets.js';

/** Options of `vigie analyse`: analysis I, attribution and triage in one go. */
export interface AnalyseAllInput {
  readonly lexiconFile?: string;
  readonly policyFile?: string;
  readonly pdqThreshold?: number;
  readonly onStage?: (stage: string) => void;
}

/** What `vigie analyse` produced: clusters/actors/network, attribution, and the triage ranking. */
export interface AnalyseAllReport {
  readonly analysis: AnalyseCaseReport;
  readonly attribution: AttributeActorsReport;
  readonly triage: ScoreTargetsReport;
}

/** Run every analysis stage in order (each its own pipeline run and audit event); deterministic. */
export async function analyseAll(
  deps: Pick<CaseContext, 'db' | 'user' | 'info'>,
  input: AnalyseAllInput = {},
): Promise<AnalyseAllReport> {
  const analysis = await analyseCase(deps, {
    lexiconFile: input.lexiconFile,
    pdqThreshold: input.pdqThreshold,
    onStage: input.onStage,
  });
  input.onStage?.('attribution');
  const attribution = await attributeActors(deps);
  input.onStage?.('triage');
  const triage = await scoreTargets(deps, { policyFile: input.policyFile, lexiconFile: input.lexiconFile });
  return { analysis, attribution, triage };
}
