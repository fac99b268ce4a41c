/** `vigie demo`: generate a synthetic case, then run every pipeline stage on it, as a list of stages. */
import { join } from 'node:path';
import { ffmpegAvailable } from '../pipeline/hash/video-probe.js';
import { generateCase, type GenerateResult, type Scale } from '../pipeline/generate/index.js';
import { initCase } from './init-case.js';
import { openCase, type CaseContext } from './context.js';
import { importSources } from './import-sources.js';
import { addReturns } from './add-returns.js';
import { hashMedia } from './hash-media.js';
import { addHashList } from './add-hashlist.js';
import { matchMedia } from './match-media.js';
import { analyseCase } from './analyse-case.js';
import { attributeActors } from './attribute-actors.js';
import { scoreTargets } from './score-targets.js';
import { caseStats, type CaseStats } from './case-stats.js';

/** Input of runDemo. */
export interface RunDemoInput {
  readonly out: string;
  readonly scale: Scale;
  readonly seed: string | number;
  readonly workers?: number;
  /** Generate synthetic video clips with a known-video list (default: when FFmpeg is installed; `--no-videos`). */
  readonly videos?: boolean;
  /** Stop after generating (tests, benchmarks). */
  readonly generateOnly?: boolean;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
  readonly onStage?: (stage: string, summary: string) => void;
}

/** One stage's outcome. */
export interface DemoStage {
  readonly name: string;
  readonly ms: number;
  readonly summary: string;
}

/** What the demo generated and what the case found. */
export interface RunDemoResult {
  readonly out: string;
  readonly caseDir: string;
  readonly truth: string;
  readonly generated: GenerateResult['counts'];
  readonly stages: DemoStage[];
  readonly stats: CaseStats | null;
}

/** A pipeline stage run on the demo case; returns a one-line summary. */
export interface Stage {
  readonly name: string;
  run(ctx: CaseContext, gen: GenerateResult, input: RunDemoInput): Promise<string>;
}

/** The pipeline stages, in order (add a stage here when a use case lands). */
export const DEMO_STAGES: readonly Stage[] = [
  {
    name: 'import',
    async run(ctx, gen) {
      let sources = 0;
      let issues = 0;
      for (const e of gen.exports) {
        const r = await importSources(ctx, {
          paths: [e.path],
          account: e.account,
          tz: e.needsTz ? e.tz : undefined,
        });
        sources += r.sources.length;
        issues += r.issues.length;
      }
      return `${sources} exports imported, ${issues} issues`;
    },
  },
  {
    name: 'returns',
    async run(ctx, gen) {
      const r = await addReturns(ctx, { file: gen.returnsPath, label: 'demo legal return' });
      return `${r.rows} return rows for ${r.accounts} accounts`;
    },
  },
  {
    name: 'hash',
    async run(ctx, _gen, input) {
      const r = await hashMedia(ctx, {
        workers: input.workers,
        onProgress: (d, n) => input.onProgress?.('hash', d, n),
      });
      return `${r.hashed} media hashed (${r.images} images, ${r.exif} with EXIF), ${r.issues.length} issues`;
    },
  },
  {
    name: 'hashlists',
    async run(ctx, gen) {
      const parts: string[] = [];
      for (const l of gen.hashlists) {
        const r = await addHashList(ctx, { file: l.file, name: l.name, format: l.format, role: l.role });
        parts.push(`${l.name}: ${r.entries} entries`);
      }
      return parts.join(', ');
    },
  },
  {
    name: 'match',
    async run(ctx) {
      const r = await matchMedia(ctx);
      return `${r.exactMatches} exact and ${r.pdqMatches} PDQ matches`;
    },
  },
  {
    name: 'analyse',
    async run(ctx) {
      const r = await analyseCase(ctx);
      const s = r.clustersByStatus;
      return `${r.clusters} clusters (known ${s.known}, new ${s.new}, ignored ${s.ignored}), ${r.actors} actors, ${r.communities} communities`;
    },
  },
  {
    name: 'attribute',
    async run(ctx) {
      const r = await attributeActors(ctx);
      return `${r.attributed} of ${r.actors} actors attributed to ${Object.keys(r.countries).length} countries`;
    },
  },
  {
    name: 'score',
    async run(ctx) {
      const r = await scoreTargets(ctx);
      return `${r.actors} actors scored`;
    },
  },
];

/** Generate the case under `out`, create `out/case`, and run every stage of DEMO_STAGES on it. */
export async function runDemo(input: RunDemoInput): Promise<RunDemoResult> {
  const gen = await generateCase({
    out: input.out,
    scale: input.scale,
    seed: input.seed,
    workers: input.workers,
    onProgress: input.onProgress,
    // Videos whenever FFmpeg is installed (`--no-videos` skips them): the demo shows vPDQ at work.
    videos: input.videos ?? ffmpegAvailable(),
  });
  const stages: DemoStage[] = Object.entries(gen.timings).map(([k, ms]) => ({
    name: `generate:${k}`,
    ms,
    summary: '',
  }));
  input.onStage?.(
    'generate',
    `${gen.counts['messages']} messages, ${gen.counts['images']} images, ${gen.counts['members']} accounts`,
  );
  const caseDir = join(gen.out, 'case');
  if (input.generateOnly)
    return { out: gen.out, caseDir, truth: gen.truthPath, generated: gen.counts, stages, stats: null };
  await initCase({
    dir: caseDir,
    name: `Vigie demo (${input.scale}, seed ${String(input.seed)})`,
    home: 'FR',
  });
  const ctx = await openCase(caseDir);
  try {
    for (const s of DEMO_STAGES) {
      const t = performance.now();
      const summary = await s.run(ctx, gen, input);
      stages.push({ name: s.name, ms: Math.round(performance.now() - t), summary });
      input.onStage?.(s.name, summary);
    }
    const stats = await caseStats(ctx);
    return { out: gen.out, caseDir, truth: gen.truthPath, generated: gen.counts, stages, stats };
  } finally {
    await ctx.close();
  }
}

/** The human summary of a demo run: where things are, each stage, what the case found. */
export function describeDemo(r: RunDemoResult, serve: boolean): string[] {
  const s = r.stats;
  return [
    `generated: ${r.out} (ground truth: ${r.truth})`,
    `case: ${r.caseDir}`,
    ...r.stages
      .filter((x) => x.summary)
      .map((x) => `  ${x.name}: ${x.summary} (${(x.ms / 1000).toFixed(1)} s)`),
    ...(s
      ? [
          `found: ${s.messages} messages in ${s.chats} chats, ${s.members} accounts (${s.actors} posting), ` +
            `${s.images} images (${s.knownMedia} known, ${s.newMedia} new, ${s.ignoredMedia} ignored)`,
        ]
      : []),
    ...(serve ? [`the workbench is not available yet; explore with: vigie stats --case ${r.caseDir}`] : []),
  ];
}
