import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listActors } from '../../app/list-actors.js';
import { listTargets, type TargetItem } from '../../app/list-targets.js';
import { prepareTargets } from '../../app/score-targets.js';
import { runCommand, type GlobalOptions } from '../output.js';
import { countryText, topFactors } from '../names.js';
import {
  listingOptions,
  plural,
  presentListing,
  type Column,
  type ListingOptions,
  limitOf,
} from '../table.js';

interface TargetsOptions extends ListingOptions {
  country?: string;
  home?: boolean;
  limit?: string;
  policy?: string;
  lexicon?: string;
}

/** `vigie targets [--country CC] [--home] [--limit N] [--policy FILE] [--lexicon FILE]` */
export function registerTargets(program: Command): void {
  listingOptions(
    program
      .command('targets')
      .description(
        'actors ranked by triage score, with names, country, top factors and decision (scores first if needed or with --policy)',
      )
      .option('--country <cc>', 'only actors attributed to this country')
      .option('--home', 'only actors attributed to the home jurisdiction')
      .option('--limit <n>', 'at most N targets')
      .option('--policy <file>', 'triage policy (JSON or YAML): rescore with it')
      .option('--lexicon <file>', 'agency lexicon: rescore with it'),
  ).action((o: TargetsOptions, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const limit = limitOf(o.limit);
      return withCase(g, {}, async (ctx) => {
        await prepareTargets(ctx, { policyFile: o.policy, lexiconFile: o.lexicon });
        const items = await listTargets(ctx, {
          ...(o.country !== undefined ? { country: o.country } : {}),
          ...(o.home ? { home: true } : {}),
          ...(limit !== undefined ? { limit } : {}),
        });
        const names = new Map((await listActors(ctx)).map((a) => [a.id, a.names.at(-1) ?? '']));
        const columns: Column<TargetItem>[] = [
          { name: 'rank', text: (t) => String(t.rank), csv: (t) => t.rank, right: true },
          { name: 'score', text: (t) => t.score.toFixed(1), csv: (t) => t.score, right: true },
          { name: 'actor', text: (t) => t.actor },
          { name: 'name', text: (t) => names.get(t.actor) ?? '' },
          { name: 'country', text: (t) => countryText(t.attribution) },
          { name: 'top factors', text: (t) => topFactors(t.factors) },
          { name: 'decision', text: (t) => t.decision?.decision ?? '-' },
        ];
        presentListing(g, o, items, items, columns, plural(items.length, 'target'), 'no targets');
      });
    }),
  );
}
