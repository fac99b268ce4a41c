import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listRuns, type RunItem } from '../../app/list-runs.js';
import { runCommand, type GlobalOptions } from '../output.js';
import {
  displayZone,
  listingOptions,
  localTime,
  plural,
  presentListing,
  style,
  type Column,
  type ListingOptions,
} from '../table.js';

/**
 * `vigie runs`: every pipeline run, oldest first: stage, status, start and end, issues. A run whose process is gone
 * shows `interrupted (holder gone)` before a writing command records it.
 */
export function registerRuns(program: Command): void {
  listingOptions(
    program.command('runs').description('pipeline runs, oldest first: stage, status, when, issues'),
  ).action((o: ListingOptions, cmd: Command) =>
    runCommand(async () => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const zone = displayZone(o.tz);
      const columns: Column<RunItem>[] = [
        { name: 'run', text: (r) => r.id },
        { name: 'stage', text: (r) => r.stage },
        {
          name: 'status',
          text: (r) =>
            r.status === 'ok'
              ? r.status
              : style.red(r.interruptedBy ? `${r.status} (${r.interruptedBy})` : r.status),
          csv: (r) => r.status,
        },
        { name: `started (${zone})`, text: (r) => localTime(r.startedAt, zone), csv: (r) => r.startedAt },
        { name: 'finished', text: (r) => localTime(r.finishedAt, zone), csv: (r) => r.finishedAt },
        { name: 'issues', text: (r) => String(r.issues), csv: (r) => r.issues, right: true },
      ];
      return withCase(g, { readonly: true }, async (ctx) => {
        const items = await listRuns(ctx);
        presentListing(g, o, items, items, columns, plural(items.length, 'run'), 'no runs');
      });
    }),
  );
}
