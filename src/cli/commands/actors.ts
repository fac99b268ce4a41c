import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listActors, type ActorItem } from '../../app/list-actors.js';
import { listTargets } from '../../app/list-targets.js';
import { runCommand, type GlobalOptions } from '../output.js';
import { countryText, fixed } from '../names.js';
import { listingOptions, plural, presentListing, type Column, type ListingOptions } from '../table.js';

type Row = ActorItem & { score: number | null };

const COLUMNS: Column<Row>[] = [
  { name: 'score', text: (a) => fixed(a.score, 1), csv: (a) => a.score, right: true },
  { name: 'actor', text: (a) => a.id },
  { name: 'name', text: (a) => a.names.at(-1) ?? '' },
  { name: 'country', text: (a) => countryText(a.attribution) },
  { name: 'messages', text: (a) => String(a.messages), csv: (a) => a.messages, right: true },
  {
    name: 'new',
    text: (a) => String(a.newClustersOriginated),
    csv: (a) => a.newClustersOriginated,
    right: true,
  },
  { name: 'community', text: (a) => String(a.community ?? '-'), csv: (a) => a.community },
  { name: 'pagerank', text: (a) => fixed(a.pagerank, 4), csv: (a) => a.pagerank, right: true },
];

/** `vigie actors [--search TEXT]`: every analysed actor, by triage score (JSON: by id, as before), with name, country, figures. */
export function registerActors(program: Command): void {
  listingOptions(
    program
      .command('actors')
      .description(
        'actors by triage score with name, country (probability), messages, new clusters originated, community and PageRank (run vigie analyse first)',
      )
      .option('--search <text>', 'only actors whose id or a name contains TEXT (any case)'),
  ).action((o: ListingOptions & { search?: string }, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      return withCase(g, { readonly: true }, async (ctx) => {
        const actors = await listActors(ctx, o.search !== undefined ? { search: o.search } : undefined);
        const scores = new Map((await listTargets(ctx)).map((t) => [t.actor, t.score]));
        const rows: Row[] = actors
          .map((a) => ({ ...a, score: scores.get(a.id) ?? null }))
          .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.id.localeCompare(b.id));
        presentListing(g, o, actors, rows, COLUMNS, plural(rows.length, 'actor'), 'no analysed actors');
      });
    }),
  );
}
