import { basename, extname } from 'node:path';
import type { CaseContext } from './context.js';
import { importSources, type ImportResult } from './import-sources.js';
import { hashMedia, type HashMediaReport } from './hash-media.js';
import { addHashList, type AddHashListResult } from './add-hashlist.js';
import { matchMedia, type MatchMediaResult } from './match-media.js';
import { analyseAll, type AnalyseAllReport } from './analyse-all.js';

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
  readonly onProgress?: (stage: string, done: number, total: number) => void;
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

/** Chain every stage on a case; each stage records its own run and audit event and is idempotent. */
export async function runPipeline(
  deps: Pick<CaseContext, 'db' | 'store' | 'user' | 'info' | 'evidence' | 'paths'>,
  input: RunPipelineInput,
): Promise<RunPipelineReport> {
  input.onStage?.('import');
  const imported = await importSources(deps, { paths: input.paths, account: input.account, tz: input.tz });
  input.onStage?.('hash');
  const hash = await hashMedia(deps, {
    workers: input.workers,
    onProgress: (d, n) => input.onProgress?.('hash', d, n),
  });
  const hashlists: AddHashListResult[] = [];
  for (const [files, role] of [
    [input.hashlists ?? [], 'alert'],
    [input.ignoreLists ?? [], 'ignore'],
  ] as const) {
    for (const file of files) {
      input.onStage?.(`hash list ${file}`);
      hashlists.push(await addHashList(deps, { file, name: listName(file), role }));
    }
  }
  input.onStage?.('match');
  const match = await matchMedia(deps);
  input.onStage?.('analyse');
  const analyse = await analyseAll(deps, {
    lexiconFile: input.lexiconFile,
    policyFile: input.policyFile,
    onStage: input.onStage,
  });
  return { import: imported, hash, hashlists, match, analyse };
}
