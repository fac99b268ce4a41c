import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listClusters, type ClusterItem } from '../../app/list-clusters.js';
import type { MediaStatus } from '../../app/list-media.js';
import { requireAnalysis } from '../../app/require-analysis.js';
import { runCommand, type GlobalOptions } from '../output.js';
import {
  displayZone,
  listingOptions,
  localTime,
  plural,
  presentListing,
  type Column,
  type ListingOptions,
  limitOf,
} from '../table.js';

/** The columns of `vigie clusters` (times in the display zone; CSV keeps them in UTC). */
function columns(zone: string): Column<ClusterItem>[] {
  return [
    { name: 'cluster', text: (c) => c.id },
    {
      name: 'occurrences',
      text: (c) => String(c.spread.occurrences),
      csv: (c) => c.spread.occurrences,
      right: true,
    },
    { name: 'chats', text: (c) => String(c.spread.chats), csv: (c) => c.spread.chats, right: true },
    { name: 'posters', text: (c) => String(c.spread.posters), csv: (c) => c.spread.posters, right: true },
    { name: 'media', text: (c) => String(c.media), csv: (c) => c.media, right: true },
    { name: 'originator', text: (c) => c.originator ?? '-' },
    { name: 'first seen', text: (c) => localTime(c.firstSeen, zone), csv: (c) => c.firstSeen ?? '' },
  ];
}

interface ClustersOptions extends ListingOptions {
  known?: boolean;
  ignored?: boolean;
  unhashed?: boolean;
  limit?: string;
}

/** `vigie clusters [--known|--ignored|--unhashed] [--limit N]`: new content, clusters of the last analyse, most spread first. */
export function registerClusters(program: Command): void {
  listingOptions(
    program
      .command('clusters')
      .description(
        'clusters of new media (the last analyse), most spread first (occurrences, then first seen, then id)',
      )
      .option('--known', 'clusters of known media instead')
      .option('--ignored', 'clusters of ignored media instead')
      .option('--unhashed', 'clusters of unhashed media instead')
      .option('--limit <n>', 'at most N clusters'),
  ).action((o: ClustersOptions, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const limit = limitOf(o.limit);
      const status: MediaStatus = o.known ? 'known' : o.ignored ? 'ignored' : o.unhashed ? 'unhashed' : 'new';
      const zone = displayZone(o.tz);
      return withCase(g, { readonly: true }, async (ctx) => {
        await requireAnalysis(ctx.store); // clusters are the last analyse's: none yet is NOT_ANALYSED, not []
        const items = await listClusters(ctx, { status, ...(limit !== undefined ? { limit } : {}) });
        presentListing(g, o, items, items, columns(zone), plural(items.length, 'cluster'), 'no clusters');
      });
    }),
  );
}
