import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { runPipeline } from '../../app/run-pipeline.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';
import { nextSteps } from '../next.js';
import { ANALYSE_STEPS, RUN_STEPS, progressFor } from '../progress.js';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** `vigie run PATH... [--hashlist FILE]... [--ignore-list FILE]... [--tz Z]`: import + hash + match + analyse. */
export function registerRun(program: Command): void {
  program
    .command('run <paths...>')
    .description('import exports, hash media, add hash lists, match and analyse, in one go')
    .option('--account <label>', 'label of the collecting account')
    .option('--tz <zone>', "exporter's time zone for old exports: IANA name or ±HH:MM")
    .option('--hashlist <file>', 'alert hash list to add (repeatable)', collect, [])
    .option('--ignore-list <file>', 'ignore hash list to add (repeatable)', collect, [])
    .option('--workers <n>', 'hashing worker threads (default: cores)')
    .option('--lexicon <file>', 'agency lexicon of caption terms')
    .option('--policy <file>', 'triage policy (JSON or YAML)')
    .action((paths: string[], o: RunOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const workers = o.workers === undefined ? undefined : Number(o.workers);
        if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1))
          usage(`--workers ${o.workers}: expected a positive whole number`);
        const progress = progressFor(g);
        const onStage = (s: string): void => {
          if (!progress.active) return progress.log(`run: ${s}`);
          if (RUN_STEPS.includes(s)) progress.step('run', RUN_STEPS, s);
          if (ANALYSE_STEPS.includes(s)) progress.step('analyse', ANALYSE_STEPS, s);
        };
        return withCase(g, {}, async (ctx) => {
          const r = await runPipeline(ctx, {
            paths,
            account: o.account,
            tz: o.tz,
            hashlists: o.hashlist,
            ignoreLists: o.ignoreList,
            workers,
            lexiconFile: o.lexicon,
            policyFile: o.policy,
            onStage,
            ...(progress.active
              ? {
                  onProgress: (s: string, done: number, total: number | null) =>
                    progress.update(s, done, total, s === 'import' ? 'messages' : 'media'),
                }
              : {}),
          });
          progress.stop();
          const a = r.analyse.analysis;
          present(g, r, () =>
            [
              `imported ${r.import.sources.length} sources (${r.import.errors} errors, ${r.import.warnings} warnings)`,
              `hashed ${r.hash.hashed} media (${r.hash.issues.length} issues)`,
              ...r.hashlists.map((l) => `hash list ${l.name}: ${l.status}, ${l.entries} entries`),
              `matched: ${r.match.knownMedia} known, ${r.match.ignoredMedia} ignored, ${r.match.newMedia} new media`,
              `analysed: ${a.clusters} clusters (${a.clustersByStatus.new} new), ${a.actors} actors, ${a.communities} communities`,
              `attributed ${r.analyse.attribution.attributed} of ${r.analyse.attribution.actors} actors; ${r.analyse.triage.actors} scored`,
              ...nextSteps(ctx.paths.dir),
            ].join('\n'),
          );
          return r.import.errors || r.hash.issues.length || a.issues ? 3 : 0;
        }).finally(() => progress.stop());
      }),
    );
}

interface RunOptions {
  account?: string;
  tz?: string;
  hashlist: string[];
  ignoreList: string[];
  workers?: string;
  lexicon?: string;
  policy?: string;
}
