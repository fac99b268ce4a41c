/** `vigie demo`: generate a synthetic case, then run every pipeline stage on it, as a list of stages. */
import { join } from 'node:path';
import { ffmpegAvailable } from '../pipeline/hash/video-probe.js';
import { generateCase, type GenerateResult, type Scale } from '../demo/index.js';
import { initCase } from './init-case.js';
import { openCase } from './context.js';
import { runStages, type PipelineInput } from './stages.js';
import { caseStats, type CaseStats } from './case-stats.js';
import { hashPassword, openPeople, randomPassword } from './users-store.js';
import { addPerson } from './users-add.js';
import { grantCase } from './users-grant.js';

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
  readonly onProgress?: (stage: string, done: number, total: number | null) => void;
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

/** The pipeline input of the generated case: its exports, its legal return and its hash lists. */
export function demoPipelineInput(
  gen: GenerateResult,
  input: Pick<RunDemoInput, 'workers' | 'onProgress'>,
): PipelineInput {
  return {
    imports: gen.exports.map((e) => ({
      paths: [e.path],
      account: e.account,
      ...(e.accountId !== undefined ? { accountId: e.accountId } : {}),
      tz: e.needsTz ? e.tz : undefined,
    })),
    returns: [{ file: gen.returnsPath, label: 'demo legal return' }],
    hashlists: gen.hashlists.map((l) => ({ file: l.file, name: l.name, format: l.format, role: l.role })),
    workers: input.workers,
    onProgress: input.onProgress,
  };
}

/** Generate the case under `out`, create `out/case`, and run every stage of the shared list (stages.ts) on it. */
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
    await runStages(ctx, demoPipelineInput(gen, input), {}, (done) => {
      stages.push(done);
      input.onStage?.(done.name, done.summary);
    });
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
    ...(serve ? [] : [`explore it with: npx vigie stats --case ${r.caseDir}`]),
  ];
}

/** The demo's supervisor: its name and the random password, printed once. */
export interface DemoPerson {
  readonly name: string;
  readonly role: 'supervisor';
  readonly password: string;
  readonly case: string;
}

/**
 * Make the demo supervisor `demo` in `casesDir/server.sqlite` with a new random password (a rerun of the demo
 * gives the existing person a new one and ends their sessions) and grant them the demo case (`case`).
 */
export async function demoSupervisor(casesDir: string, actor: string): Promise<DemoPerson> {
  const people = await openPeople(casesDir, { create: true });
  const deps = { people, now: Date.now, actor };
  const name = 'demo';
  try {
    let password: string;
    if (await people.person(name)) {
      password = randomPassword();
      await people.setPassword(name, await hashPassword(password));
      await people.endSessionsOf(name);
      await people.setDisabled(name, false);
      await people.recordEvent({
        at: deps.now(),
        actor,
        action: 'password',
        person: name,
        detail: 'vigie demo',
      });
    } else password = (await addPerson(deps, { name, role: 'supervisor' })).password ?? '';
    await grantCase({ ...deps, casesDir }, { name, case: 'case' });
    return { name, role: 'supervisor', password, case: 'case' };
  } finally {
    await people.close();
  }
}
