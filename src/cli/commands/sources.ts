import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listSources, type SourceItem } from '../../app/list-sources.js';
import { runCommand, type GlobalOptions } from '../output.js';
import { listingOptions, plural, presentListing, type Column, type ListingOptions } from '../table.js';

const COLUMNS: Column<SourceItem>[] = [
  { name: 'source', text: (s) => s.id },
  { name: 'kind', text: (s) => s.kind },
  { name: 'label', text: (s) => s.label ?? '-' },
  { name: 'issues', text: (s) => String(s.issues), csv: (s) => s.issues, right: true },
  { name: 'sha256', text: (s) => s.sha256.slice(0, 12), csv: (s) => s.sha256 },
];

/** `vigie sources`: the imported exports, returns and hash-list files, with their labels and issue counts. */
export function registerSources(program: Command): void {
  listingOptions(
    program
      .command('sources')
      .description(
        'the sources of the case: exports (with the collecting account), returns, hash-list files',
      ),
  ).action((o: ListingOptions, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      return withCase(g, { readonly: true }, async (ctx) => {
        const items = await listSources(ctx);
        presentListing(g, o, items, items, COLUMNS, plural(items.length, 'source'), 'no sources');
      });
    }),
  );
}
