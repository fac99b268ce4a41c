import type { Command } from 'commander';
import { VIGIE } from '../next.js';
import { withCase } from '../with-case.js';
import { analyseAll } from '../../app/analyse-all.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';
import { ANALYSE_STEPS, progressFor } from '../progress.js';

/** `vigie analyse`: media clusters, first posters, new-content view, actor profiles and the network. */
export function registerAnalyse(program: Command): void {
  program
    .command('analyse')
    .description('cluster media, trace first posters, rank new content, profile actors, build the network')
    .option('--lexicon <file>', 'agency lexicon of caption terms (JSON array or one term per line)')
    .option(
      '--policy <file>',
      'triage policy (JSON or YAML; default: the shipped policy, docs/triage-policy.md)',
    )
    .option('--pdq-threshold <n>', 'PDQ distance that makes two media the same picture (default 31)')
    .action((o: { lexicon?: string; policy?: string; pdqThreshold?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const threshold = o.pdqThreshold === undefined ? undefined : Number(o.pdqThreshold);
        if (threshold !== undefined && !Number.isInteger(threshold))
          usage(`--pdq-threshold: not an integer: ${o.pdqThreshold}`);
        const progress = progressFor(g);
        return withCase(g, {}, async (ctx) => {
          const all = await analyseAll(ctx, {
            lexiconFile: o.lexicon,
            policyFile: o.policy,
            pdqThreshold: threshold,
            onStage: (s) => progress.step('analyse', ANALYSE_STEPS, s),
          });
          progress.stop();
          const r = all.analysis;
          const a = all.attribution;
          present(g, { ...r, attribution: a, triage: all.triage }, () =>
            [
              `run ${r.runId}`,
              `media ${r.media}, clusters ${r.clusters} (known ${r.clustersByStatus.known}, ignored ${r.clustersByStatus.ignored}, new ${r.clustersByStatus.new}, uncertain ${r.clustersByStatus.uncertain}, unhashed ${r.clustersByStatus.unhashed})`,
              `actors ${r.actors}, interaction edges ${r.interactionEdges}, communities ${r.communities}`,
              ...r.topNew
                .slice(0, 5)
                .map(
                  (n) =>
                    `new ${n.cluster} score ${n.score}: first ${n.firstSeen ?? '?'} by ${n.originator ?? '?'}`,
                ),
              `attribution: ${a.attributed} of ${a.actors} actors attributed (${Object.keys(a.countries).length} countries), ${a.abstained} abstained`,
              `triage: ${all.triage.actors} actors scored with policy ${all.triage.policy}; see '${VIGIE} targets'`,
              r.issues ? `issues: ${r.issues} (see the run's issues)` : 'no issues',
            ].join('\n'),
          );
          return r.issues > 0 ? 3 : 0;
        }).finally(() => progress.stop());
      }),
    );
}
