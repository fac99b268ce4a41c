import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { decideTarget } from '../../app/decide-target.js';
import { resolveActorPrefix } from '../../app/resolve-prefix.js';
import { requireAnalysis } from '../../app/require-analysis.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';

/** `vigie target ACTOR --decide accept|reject --reason TEXT` */
export function registerTarget(program: Command): void {
  program
    .command('target <actor>')
    .description("record a supervisor's decision on a target (an audit event)")
    .requiredOption('--decide <decision>', 'accept or reject')
    .requiredOption('--reason <text>', 'why')
    .action((actor: string, o: { decide: string; reason: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (!o.decide) usage('--decide accept|reject is required');
        return withCase(g, {}, async (ctx) => {
          // Targets come from the analysis: the one NOT_ANALYSED before "no such actor".
          await requireAnalysis(ctx.store);
          const d = await decideTarget(ctx, {
            actor: await resolveActorPrefix(ctx, actor),
            decision: o.decide,
            reason: o.reason,
          });
          present(g, d, () => `${d.actor}: ${d.decision} by ${d.user} (audit event ${d.auditSeq})`);
        });
      }),
    );
}
