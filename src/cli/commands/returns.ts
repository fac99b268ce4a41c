import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { addReturns } from '../../app/add-returns.js';
import { listSources, type SourceItem } from '../../app/list-sources.js';
import { log, present, runCommand, type GlobalOptions } from '../output.js';
import { listingOptions, plural, presentListing, type Column, type ListingOptions } from '../table.js';

const COLUMNS: Column<SourceItem>[] = [
  { name: 'source', text: (s) => s.id },
  { name: 'label', text: (s) => s.label ?? '-' },
  { name: 'issues', text: (s) => String(s.issues), csv: (s) => s.issues, right: true },
  { name: 'sha256', text: (s) => s.sha256.slice(0, 12), csv: (s) => s.sha256 },
];

/** `vigie returns add FILE [--map col=field,...] [--label TEXT]`, `vigie returns list`. */
export function registerReturns(program: Command): void {
  const returns = program
    .command('returns')
    .description('legal-process returns (platform user id, phone, IP, time seen)');
  returns
    .command('add <file>')
    .description(
      'add a return (CSV with a header, or JSON rows) as a source; unknown accounts are kept and reported',
    )
    .option(
      '--map <spec>',
      'column names: col=field,... (fields: user_id, phone, ip, seen_at, phone_country); common names are recognised',
    )
    .option('--label <text>', 'reference of the legal request')
    .action((file: string, o: { map?: string; label?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, {}, async (ctx) => {
          const r = await addReturns(ctx, { file, ...o });
          for (const i of r.issues) log(`${i.code}: ${i.source}: ${i.location}: ${i.message}`);
          present(g, r, () =>
            r.alreadyAdded
              ? `already added as ${r.source}`
              : `added ${r.source}: ${plural(r.rows, 'row')}, ${plural(r.accounts, 'account')} (${r.unknownAccounts.length} unknown to the case${r.unknownAccounts.length ? ': ' + r.unknownAccounts.slice(0, 5).join(', ') : ''})`,
          );
          return r.issues.some((i) => i.severity !== 'warning') ? 3 : 0;
        });
      }),
    );
  listingOptions(
    returns.command('list').description('the returns added to the case, with their labels'),
  ).action((o: ListingOptions, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      return withCase(g, { readonly: true }, async (ctx) => {
        const items = (await listSources(ctx)).filter((s) => s.kind === 'returns');
        presentListing(g, o, items, items, COLUMNS, plural(items.length, 'return'), 'no returns');
      });
    }),
  );
}
