import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { showActor } from '../../app/show-actor.js';
import { listTargets } from '../../app/list-targets.js';
import { resolveActorPrefix } from '../../app/resolve-prefix.js';
import { markOwnAccount } from '../../app/mark-own-account.js';
import { present, runCommand, type GlobalOptions } from '../output.js';
import { describeActor } from '../actor-view.js';
import { displayZone, type ListingOptions } from '../table.js';

/** Options of `vigie actor`: display, or the own-account mark. */
type ActorOptions = ListingOptions & { undercover?: boolean; notUndercover?: boolean; reason?: string };

/** `vigie actor ID`: one actor's full profile (ID: `telegram:user123`, `user123` or any unique prefix). */
export function registerActor(program: Command): void {
  program
    .command('actor <id>')
    .description(
      'show one actor (telegram:user123, user123 or a unique prefix): names over time, attribution and its evidence, score factors, activity by hour',
    )
    .option(
      '--tz <zone>',
      "show times in this IANA zone (default $VIGIE_TZ, else this machine's; UTC in JSON)",
    )
    .option('--undercover', "mark one of the case's own (collecting) accounts: never a target (audited)")
    .option('--not-undercover', 'withdraw that mark (audited)')
    .option('--reason <text>', 'why (kept with the mark)')
    .action((id: string, o: ActorOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (o.undercover || o.notUndercover)
          return withCase(g, {}, async (ctx) => {
            const r = await markOwnAccount(ctx, {
              actor: await resolveActorPrefix(ctx, id),
              undercover: !!o.undercover,
              reason: o.reason,
            });
            present(
              g,
              r,
              () =>
                `${r.actor}: ${r.undercover ? 'marked as an own (undercover) account' : 'own-account mark withdrawn'} (audit #${r.auditSeq}); run npx vigie analyse to update targets and the network`,
            );
          });
        const zone = displayZone(o.tz);
        return withCase(g, { readonly: true }, async (ctx) => {
          const a = await showActor(ctx, { id: await resolveActorPrefix(ctx, id) });
          const target = (await listTargets(ctx)).find((t) => t.actor === a.id);
          present(g, a, () => describeActor(a, target, zone));
        });
      }),
    );
}
