import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listIssues, type IssueItem } from '../../app/list-issues.js';
import { runCommand, usage, type GlobalOptions } from '../output.js';
import { listingOptions, plural, presentListing, style, type Column, type ListingOptions } from '../table.js';

const COLUMNS: Column<IssueItem>[] = [
  {
    name: 'severity',
    text: (i) => (i.severity === 'error' ? style.red(i.severity) : i.severity),
    csv: (i) => i.severity,
  },
  { name: 'code', text: (i) => i.code },
  { name: 'source', text: (i) => i.source ?? '-' },
  { name: 'file', text: (i) => i.file },
  { name: 'where', text: (i) => i.location },
  { name: 'message', text: (i) => i.message },
];

/** `vigie issues [--source ID] [--severity error|warning]`: the per-item problems the pipeline recorded. */
export function registerIssues(program: Command): void {
  listingOptions(
    program
      .command('issues')
      .description('per-item problems the pipeline recorded (import, returns, hash, analyse), run by run')
      .option('--source <id>', 'only the issues of this source (see vigie sources)')
      .option('--severity <severity>', 'only errors (items not read) or warnings (expected gaps)'),
  ).action((o: ListingOptions & { source?: string; severity?: string }, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const severity = o.severity;
      if (severity !== undefined && severity !== 'error' && severity !== 'warning')
        usage(`--severity ${severity}: expected error or warning`);
      return withCase(g, { readonly: true }, async (ctx) => {
        const items = await listIssues(ctx, {
          ...(o.source !== undefined ? { source: o.source } : {}),
          ...(severity !== undefined ? { severity } : {}),
        });
        const errors = items.filter((i) => i.severity === 'error').length;
        const summary = `${plural(items.length, 'issue')}: ${plural(errors, 'error')}, ${plural(items.length - errors, 'warning')}`;
        presentListing(g, o, items, items, COLUMNS, summary, 'no issues');
      });
    }),
  );
}
