import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listMedia, type MediaStatus } from '../../app/list-media.js';
import { showMedia } from '../../app/show-media.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

interface MediaOptions {
  known?: boolean;
  new?: boolean;
  ignored?: boolean;
  unhashed?: boolean;
}

/** `vigie media [--known|--new|--ignored|--unhashed]` lists media with status; `vigie media SHA256` explains one. */
export function registerMedia(program: Command): void {
  program
    .command('media [sha256]')
    .description('media with their status (known, ignored, new, unhashed) and matches; with SHA256: why')
    .option('--known', 'only media matching an alert list')
    .option('--new', 'only hashed media without any match')
    .option('--ignored', 'only media matching an ignore list')
    .option('--unhashed', 'only media not hashed yet')
    .action((sha256: string | undefined, o: MediaOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          if (sha256 !== undefined) {
            const r = await showMedia(ctx, { sha256 });
            present(g, r, () =>
              [
                `${r.sha256} ${r.kind} ${r.status} (${r.occurrences} occurrences)`,
                ...r.why.map(
                  (w) =>
                    `  ${w.list} (${w.role}) ${w.signalType} ${w.value} distance ${w.distance} ${w.variant} — ${w.source.path} ${w.entry.position}`,
                ),
              ].join('\n'),
            );
            return;
          }
          const statuses = (['known', 'new', 'ignored', 'unhashed'] as const).filter(
            (s) => o[s],
          ) as MediaStatus[];
          const items = await listMedia(ctx, statuses.length ? { statuses } : {});
          present(
            g,
            items,
            () =>
              items
                .map(
                  (m) =>
                    `${m.sha256}\t${m.kind}\t${m.status}\t${m.matches.map((x) => `${x.list}:${x.distance}`).join(',')}`,
                )
                .join('\n') || 'no media',
          );
        });
      }),
    );
}
