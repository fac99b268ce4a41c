import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { addHashList } from '../../app/add-hashlist.js';
import { listHashListsUseCase } from '../../app/list-hashlists.js';
import { removeHashListUseCase } from '../../app/remove-hashlist.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';
import { listingOptions, plural, presentListing, type ListingOptions } from '../table.js';

interface AddOptions {
  name: string;
  format?: string;
  role?: string;
  signalType?: string;
  replace?: boolean;
}

/** `vigie hashlist add FILE --name NAME [--format …] [--role alert|ignore] [--replace]`, `hashlist list`, `hashlist remove NAME`. */
export function registerHashlist(program: Command): void {
  const hl = program
    .command('hashlist')
    .description('hash lists supplied by authorities (VICS, HMA, NCMEC, text)');
  hl.command('add <file>')
    .description(
      'import a hash list (a newer file under the same name replaces its entries; history is kept)',
    )
    .requiredOption('--name <name>', 'list name')
    .option('--format <format>', 'vics | hma | ncmec | text (default: detected)')
    .option('--role <role>', 'alert (default) or ignore')
    .option('--signal-type <type>', 'type of bare 64-hex values in text lists: sha256 or pdq')
    .option('--replace', 'allow a new version with fewer than half the current entries')
    .action((file: string, o: AddOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (o.role !== undefined && o.role !== 'alert' && o.role !== 'ignore')
          usage(`--role ${o.role}: expected alert or ignore`);
        return withCase(g, {}, async (ctx) => {
          const r = await addHashList(ctx, {
            file,
            name: o.name,
            ...(o.format ? { format: o.format } : {}),
            ...(o.role ? { role: o.role as 'alert' | 'ignore' } : {}),
            ...(o.signalType ? { signalType: o.signalType } : {}),
            ...(o.replace ? { replace: true } : {}),
          });
          present(g, r, () =>
            r.status === 'unchanged'
              ? `${r.name}: unchanged (version ${r.version}, same file)`
              : `${r.name}: ${r.status} version ${r.version} (${r.format}, ${r.role}): ${r.entries} entries; ${r.matches.exact} exact and ${r.matches.pdq} PDQ matches with existing media`,
          );
        });
      }),
    );
  listingOptions(
    hl.command('list').description('hash lists with role, format, version and entry counts'),
  ).action((o: ListingOptions, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      return withCase(g, { readonly: true }, async (ctx) => {
        const r = await listHashListsUseCase(ctx);
        type L = (typeof r.lists)[number];
        presentListing(
          g,
          o,
          r,
          r.lists,
          [
            { name: 'list', text: (l: L) => l.name },
            { name: 'role', text: (l: L) => l.role },
            { name: 'format', text: (l: L) => l.format },
            { name: 'version', text: (l: L) => String(l.version), csv: (l: L) => l.version, right: true },
            { name: 'entries', text: (l: L) => String(l.entries), csv: (l: L) => l.entries, right: true },
          ],
          plural(r.lists.length, 'hash list'),
          'no hash lists',
        );
      });
    }),
  );
  hl.command('remove <name>')
    .description('remove a hash list and its matches (its history and file stay in the case)')
    .action((name: string, _o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, {}, async (ctx) => {
          const r = await removeHashListUseCase(ctx, { name });
          present(g, r, () => `${r.name}: removed (${r.entriesRemoved} entries)`);
        });
      }),
    );
}
