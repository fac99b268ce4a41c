import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listActors } from '../../app/list-actors.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie actors [--search TEXT]`: every analysed actor with names, chats, messages, new clusters, community and PageRank. */
export function registerActors(program: Command): void {
  program
    .command('actors')
    .description('list actors (run vigie analyse first)')
    .option('--search <text>', 'only actors whose id or a name contains TEXT (any case)')
    .action((o: { search?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          const actors = await listActors(ctx, o.search !== undefined ? { search: o.search } : undefined);
          present(g, actors, () =>
            actors.length === 0
              ? "no analysed actors: run 'vigie analyse'"
              : actors
                  .map((a) =>
                    [
                      a.id,
                      a.names.at(-1) ?? '',
                      `msgs ${a.messages}`,
                      `new ${a.newClustersOriginated}`,
                      `community ${a.community ?? '-'}`,
                      `pagerank ${(a.pagerank ?? 0).toFixed(5)}`,
                    ].join('\t'),
                  )
                  .join('\n'),
          );
        });
      }),
    );
}
