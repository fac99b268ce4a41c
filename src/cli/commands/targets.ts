import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listTargets } from '../../app/list-targets.js';
import { prepareTargets } from '../../app/score-targets.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie targets [--country CC] [--home] [--limit N] [--policy FILE] [--lexicon FILE]` */
export function registerTargets(program: Command): void {
  program
    .command('targets')
    .description(
      'actors ranked by triage score, with factors and attribution (scores first if needed or with --policy)',
    )
    .option('--country <cc>', 'only actors attributed to this country')
    .option('--home', 'only actors attributed to the home jurisdiction')
    .option('--limit <n>', 'at most N targets', (v) => Number(v))
    .option('--policy <file>', 'triage policy (JSON or YAML): rescore with it')
    .option('--lexicon <file>', 'agency lexicon: rescore with it')
    .action(
      (
        o: { country?: string; home?: boolean; limit?: number; policy?: string; lexicon?: string },
        cmd: Command,
      ) =>
        runCommand(async () => {
          const g = cmd.optsWithGlobals<GlobalOptions>();
          return withCase(g, {}, async (ctx) => {
            await prepareTargets(ctx, { policyFile: o.policy, lexiconFile: o.lexicon });
            const items = await listTargets(ctx, o);
            present(g, items, () =>
              items.length === 0
                ? 'no targets'
                : [
                    'rank  score  actor  country  [decision]',
                    ...items.map(
                      (t) =>
                        `${String(t.rank).padStart(4)}  ${t.score.toFixed(1).padStart(5)}  ${t.actor}  ${t.attribution?.country ?? '—'}${t.decision ? '  [' + t.decision.decision + ']' : ''}`,
                    ),
                  ].join('\n'),
            );
          });
        }),
    );
}
