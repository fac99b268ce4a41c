/** The one ordered list of pipeline stages that `vigie run`, `vigie analyse` and `vigie demo` walk (a slice of). */
import type { CaseContext } from './context.js';
import { importSources, type ImportResult } from './import-sources.js';
import { addReturns, type AddReturnsInput, type AddReturnsResult } from './add-returns.js';
import { hashMedia, type HashMediaReport } from './hash-media.js';
import { addHashList, type AddHashListInput, type AddHashListResult } from './add-hashlist.js';
import { matchMedia, type MatchMediaResult } from './match-media.js';
import { analyseCase, type AnalyseCaseReport } from './analyse-case.js';
import { attributeActors, type AttributeActorsReport } from './attribute-actors.js';
import { scoreTargets, type ScoreTargetsReport } from './score-targets.js';
import { stopIfCancelled } from './run-stage.js';

/** What the stages of one pipeline pass are given (each stage reads its part). */
export interface PipelineInput {
  /** Exports to import, each with its collecting account and exporter's time zone. */
  readonly imports?: ReadonlyArray<{
    paths: readonly string[];
    account?: string;
    accountId?: string;
    tz?: string;
  }>;
  /** Legal-process returns to add. */
  readonly returns?: readonly AddReturnsInput[];
  /** Hash lists to add (alert or ignore). */
  readonly hashlists?: readonly AddHashListInput[];
  readonly workers?: number;
  readonly lexiconFile?: string;
  readonly policyFile?: string;
  readonly pdqThreshold?: number;
  /** A stage (or a step inside one) starts. */
  readonly onStage?: (stage: string) => void;
  /** `done` of `total` units of a stage (null: not known in advance, e.g. messages imported). */
  readonly onProgress?: (stage: string, done: number, total: number | null) => void;
  /** Cancel: the stage in hand stops at its next safe point (CANCELLED), no later stage starts. */
  readonly signal?: AbortSignal;
}

/** Each stage's report, by stage name. */
export interface StageReports {
  import: ImportResult[];
  returns: AddReturnsResult[];
  hash: HashMediaReport;
  hashlists: AddHashListResult[];
  match: MatchMediaResult;
  analyse: AnalyseCaseReport;
  attribution: AttributeActorsReport;
  triage: ScoreTargetsReport;
}

/** A stage's name. */
export type StageName = keyof StageReports;

/** One pipeline stage: a use case run on an open case, and a one-line summary of its report. */
export interface PipelineStage<K extends StageName = StageName> {
  readonly name: K;
  run(ctx: CaseContext, input: PipelineInput): Promise<StageReports[K]>;
  summary(report: StageReports[K]): string;
}

const stage = <K extends StageName>(s: PipelineStage<K>): PipelineStage<K> => s;

/** The pipeline stages, in order (add a stage here when a use case lands). */
export const STAGES: readonly PipelineStage[] = [
  stage({
    name: 'import',
    async run(ctx, input) {
      const out: ImportResult[] = [];
      for (const i of input.imports ?? [])
        out.push(
          await importSources(ctx, {
            paths: [...i.paths],
            account: i.account,
            ...(i.accountId !== undefined ? { accountId: i.accountId } : {}),
            tz: i.tz,
            ...(input.onProgress ? { onProgress: (p) => input.onProgress?.('import', p.done, p.total) } : {}),
          }),
        );
      return out;
    },
    summary: (r) =>
      `${r.reduce((n, x) => n + x.sources.length, 0)} exports imported, ${r.reduce((n, x) => n + x.issues.length, 0)} issues`,
  }),
  stage({
    name: 'returns',
    async run(ctx, input) {
      const out: AddReturnsResult[] = [];
      for (const r of input.returns ?? []) out.push(await addReturns(ctx, r));
      return out;
    },
    summary: (r) => r.map((x) => `${x.rows} return rows for ${x.accounts} accounts`).join(', '),
  }),
  stage({
    name: 'hash',
    run: (ctx, input) =>
      hashMedia(ctx, {
        workers: input.workers,
        onProgress: (d, n) => input.onProgress?.('hash', d, n),
        signal: input.signal,
      }),
    summary: (r) =>
      `${r.hashed} media hashed (${r.images} images, ${r.exif} with EXIF), ${r.issues.length} issues`,
  }),
  stage({
    name: 'hashlists',
    async run(ctx, input) {
      const out: AddHashListResult[] = [];
      for (const l of input.hashlists ?? []) {
        input.onStage?.(`hash list ${l.file}`);
        out.push(await addHashList(ctx, l));
      }
      return out;
    },
    summary: (r) => r.map((l) => `${l.name}: ${l.entries} entries`).join(', '),
  }),
  stage({
    name: 'match',
    run: (ctx, input) => matchMedia(ctx, { signal: input.signal }),
    summary: (r) => `${r.exactMatches} exact and ${r.pdqMatches} PDQ matches`,
  }),
  stage({
    name: 'analyse',
    run: (ctx, input) =>
      analyseCase(ctx, {
        lexiconFile: input.lexiconFile,
        pdqThreshold: input.pdqThreshold,
        onStage: input.onStage,
      }),
    summary: (r) => {
      const s = r.clustersByStatus;
      return `${r.clusters} clusters (known ${s.known}, new ${s.new}, ignored ${s.ignored}), ${r.actors} actors, ${r.communities} communities`;
    },
  }),
  stage({
    name: 'attribution',
    run: (ctx) => attributeActors(ctx),
    summary: (r) =>
      `${r.attributed} of ${r.actors} actors attributed to ${Object.keys(r.countries).length} countries`,
  }),
  stage({
    name: 'triage',
    run: (ctx, input) => scoreTargets(ctx, { policyFile: input.policyFile, lexiconFile: input.lexiconFile }),
    summary: (r) => `${r.actors} actors scored`,
  }),
];

/** One stage done: its name, wall time and summary. */
export interface StageDone {
  readonly name: StageName;
  readonly ms: number;
  readonly summary: string;
}

async function runOne<K extends StageName>(
  s: PipelineStage<K>,
  ctx: CaseContext,
  input: PipelineInput,
  out: Partial<StageReports>,
): Promise<string> {
  const report = await s.run(ctx, input);
  out[s.name] = report;
  return s.summary(report);
}

/**
 * Run the stages from `from` to `to` (inclusive; default: all) in order on an open case; each stage records its own
 * run and audit event. Returns every report; `onDone` hears each stage's time and summary.
 */
export async function runStages(
  ctx: CaseContext,
  input: PipelineInput,
  range: { from?: StageName; to?: StageName } = {},
  onDone?: (done: StageDone) => void,
): Promise<Partial<StageReports>> {
  const names = STAGES.map((s) => s.name);
  const first = range.from ? names.indexOf(range.from) : 0;
  const last = range.to ? names.indexOf(range.to) : names.length - 1;
  const out: Partial<StageReports> = {};
  for (const s of STAGES.slice(first, last + 1)) {
    stopIfCancelled(input.signal, s.name);
    input.onStage?.(s.name);
    const t = performance.now();
    const summary = await runOne(s, ctx, input, out);
    onDone?.({ name: s.name, ms: Math.round(performance.now() - t), summary });
  }
  return out;
}

/** The report of a stage that must have run. */
export function reportOf<K extends StageName>(reports: Partial<StageReports>, name: K): StageReports[K] {
  const r = reports[name];
  if (r === undefined) throw new Error(`stage ${name} did not run`);
  return r;
}
