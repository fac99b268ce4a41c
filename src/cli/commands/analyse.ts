import type { Command } from 'commander';
import { openCase, resolveCaseDir } from '../../app/context.js';
import { analyseCase } from '../../app/analyse-case.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';

/** `vigie analyse`: media clusters, first posters, new-content view, actor profiles and the network. */
export function registerAnalyse(program: Command): void {
  program
    .command('analyse')
    .description('cluster media, trace first posters, rank new content, profile actors, build the network')
    .option('--lexicon <file>', 'agency lexicon of caption terms (JSON array or one term per line)')
    .option('--pdq-threshold <n>', 'PDQ distance that makes two media the same picture (default 31)')
    .action((o: { lexicon?: string; pdqThreshold?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const threshold = o.pdqThreshold === undefined ? undefined : Number(o.pdqThreshold);
        if (threshold !== undefined && !Number.isInteger(threshold))
          usage(`--pdq-threshold: not an integer: ${o.pdqThreshold}`);
        const ctx = openCase(resolveCaseDir(g.case));
        try {
          const r = await analyseCase(ctx, {
            lexiconFile: o.lexicon,
            pdqThreshold: threshold,
            onStage: process.stderr.isTTY ? (s) => log(`analyse: ${s}`) : undefined,
          });
          present(g, r, () =>
            [
              `run ${r.runId}`,
              `media ${r.media}, clusters ${r.clusters} (known ${r.clustersByStatus.known}, ignored ${r.clustersByStatus.ignored}, new ${r.clustersByStatus.new}, unhashed ${r.clustersByStatus.unhashed})`,
              `actors ${r.actors}, interaction edges ${r.interactionEdges}, communities ${r.communities}`,
              r.issues ? `issues: ${r.issues} (see the run's issues)` : 'no issues',
            ].join('\n'),
          );
          return r.issues > 0 ? 3 : 0;
        } finally {
          ctx.close();
        }
      }),
    );
}
