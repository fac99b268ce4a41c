import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { showActor } from '../../app/show-actor.js';
import { listTargets } from '../../app/list-targets.js';
import { resolveActorPrefix } from '../../app/resolve-prefix.js';
import { present, runCommand, type GlobalOptions } from '../output.js';
import { describeActor } from '../actor-view.js';
import { displayZone, type ListingOptions } from '../table.js';

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
    .action((id: string, o: ListingOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const zone = displayZone(o.tz);
        return withCase(g, { readonly: true }, async (ctx) => {
          const a = await showActor(ctx, { id: await resolveActorPrefix(ctx, id) });
          const target = (await listTargets(ctx)).find((t) => t.actor === a.id);
          present(g, a, () => describeActor(a, target, zone));
        });
      }),
    );
}
