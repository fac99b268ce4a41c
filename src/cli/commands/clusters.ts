import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { AppError } from '../../domain/errors.js';
import { listClusters } from '../../app/list-clusters.js';
import type { MediaStatus } from '../../app/list-media.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie clusters [--known|--ignored|--unhashed] [--limit N]`: new content, clusters of the last analyse, most spread first. */
export function registerClusters(program: Command): void {
  program
    .command('clusters')
    .description(
      'clusters of new media (the last analyse), most spread first (occurrences, then first seen, then id)',
    )
    .option('--known', 'clusters of known media instead')
    .option('--ignored', 'clusters of ignored media instead')
    .option('--unhashed', 'clusters of unhashed media instead')
    .option('--limit <n>', 'at most N clusters', (v) => Number(v))
    .action((o: { known?: boolean; ignored?: boolean; unhashed?: boolean; limit?: number }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit > 0))
          throw new AppError('USAGE', `--limit: a positive whole number, not '${o.limit}'`);
        const status: MediaStatus = o.known
          ? 'known'
          : o.ignored
            ? 'ignored'
            : o.unhashed
              ? 'unhashed'
              : 'new';
        return withCase(g, { readonly: true }, async (ctx) => {
          const items = await listClusters(ctx, {
            status,
            ...(o.limit !== undefined ? { limit: o.limit } : {}),
          });
          present(g, items, () =>
            items.length === 0
              ? 'no clusters'
              : [
                  'cluster  occurrences  chats  posters  media  originator  first seen',
                  ...items.map(
                    (c) =>
                      `${c.id}  ${c.spread.occurrences}  ${c.spread.chats}  ${c.spread.posters}  ${c.media}  ${c.originator ?? '—'}  ${c.firstSeen ?? '—'}`,
                  ),
                ].join('\n'),
          );
        });
      }),
    );
}
