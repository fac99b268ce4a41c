import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listMedia, type MediaStatus } from '../../app/list-media.js';
import { showMedia } from '../../app/show-media.js';
import { categoriseMedia } from '../../app/categorise-media.js';
import { listCategories } from '../../app/list-categories.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';

interface MediaOptions {
  known?: boolean;
  new?: boolean;
  ignored?: boolean;
  unhashed?: boolean;
  uncertain?: boolean;
  production?: string[];
  category?: string;
  clearCategory?: boolean;
  tag?: string[];
  note?: string;
  cluster?: string;
}

/** True when the options change a decision (category, tags, note). */
function changes(o: MediaOptions): boolean {
  return o.category !== undefined || !!o.clearCategory || o.tag !== undefined || o.note !== undefined;
}

/** `vigie media SHA256|--cluster ID --category CODE [--tag T]… [--note TEXT]`: a decision, audited as the OS user. */
async function categorise(g: GlobalOptions, sha256: string | undefined, o: MediaOptions): Promise<void> {
  await withCase(g, {}, async (ctx) => {
    const r = await categoriseMedia(ctx, {
      ...(o.cluster !== undefined ? { cluster: o.cluster } : { sha256s: sha256 ? [sha256] : [] }),
      ...(o.clearCategory ? { category: null } : o.category !== undefined ? { category: o.category } : {}),
      ...(o.tag !== undefined ? { tags: o.tag } : {}),
      ...(o.note !== undefined ? { note: o.note } : {}),
      scheme: await listCategories(ctx),
    });
    present(g, r, () => `${r.changed.length} changed, ${r.unchanged.length} unchanged`);
  });
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
    .option('--uncertain', 'only unmatched media whose PDQ quality is under 50 (never counted as new)')
    .option(
      '--production <assessment>',
      'only new media whose cluster is assessed likely, possible or unlikely self-produced (repeat)',
      (v: string, a: string[] = []) => [...a, v],
    )
    .option('--category <code>', "set a person's category (a code of the case's scheme)")
    .option('--clear-category', 'set the media back to uncategorised')
    .option('--tag <tag>', 'free tag (repeat; replaces the tags)', (v: string, a: string[] = []) => [...a, v])
    .option('--note <text>', 'free note (empty clears it)')
    .option('--cluster <id>', 'apply the decision to every media of this cluster')
    .action((sha256: string | undefined, o: MediaOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (changes(o) || o.cluster !== undefined) return categorise(g, sha256, o);
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
          const statuses = (['known', 'new', 'ignored', 'unhashed', 'uncertain'] as const).filter(
            (s) => o[s],
          ) as MediaStatus[];
          for (const p of o.production ?? [])
            if (!['likely', 'possible', 'unlikely'].includes(p))
              usage(`--production ${p}: expected likely, possible or unlikely`);
          const items = await listMedia(ctx, {
            ...(statuses.length ? { statuses } : {}),
            ...(o.production ? { production: o.production } : {}),
          });
          present(
            g,
            items,
            () =>
              items
                .map(
                  (m) =>
                    `${m.sha256}\t${m.kind}\t${m.status}${m.production ? ` (${m.production.assessment} self-produced)` : ''}\t${m.matches.map((x) => `${x.list}:${x.distance}`).join(',')}`,
                )
                .join('\n') || 'no media',
          );
        });
      }),
    );
}
