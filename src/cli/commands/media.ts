import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listMedia, type MediaListInput, type MediaStatus } from '../../app/list-media.js';
import { UNCATEGORISED } from '../../contracts/listings.js';
import { showMedia } from '../../app/show-media.js';
import { categoriseMedia } from '../../app/categorise-media.js';
import { listCategories } from '../../app/list-categories.js';
import { resolveActorPrefix, resolveMediaPrefix } from '../../app/resolve-prefix.js';
import { exportNewMediaVics } from '../../app/export-new-media-vics.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';
import { describeMedia, mediaColumns } from '../media-view.js';
import { displayZone, listingOptions, plural, presentListing, type ListingOptions } from '../table.js';

interface MediaOptions extends ListingOptions {
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
  categoryIs?: string;
  chat?: string;
  actor?: string;
  from?: string;
  to?: string;
  out?: string;
  agency?: string;
  reference?: string;
}

/** The options with `--actor` resolved like every actor id (`user123`, a unique prefix). */
async function resolved(
  ctx: Parameters<typeof resolveActorPrefix>[0],
  o: MediaOptions,
): Promise<MediaOptions> {
  return o.actor === undefined ? o : { ...o, actor: await resolveActorPrefix(ctx, o.actor) };
}

/** The listing filters of the options (`--category-is none`: uncategorised). */
function filters(o: MediaOptions): Omit<MediaListInput, 'statuses' | 'after' | 'limit'> {
  return {
    ...(o.categoryIs !== undefined ? { category: o.categoryIs === UNCATEGORISED ? null : o.categoryIs } : {}),
    ...(o.chat !== undefined ? { chat: o.chat } : {}),
    ...(o.actor !== undefined ? { actor: o.actor } : {}),
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.to !== undefined ? { to: o.to } : {}),
  };
}

/** True when the options change a decision (category, tags, note). */
function changes(o: MediaOptions): boolean {
  return o.category !== undefined || !!o.clearCategory || o.tag !== undefined || o.note !== undefined;
}

/** `vigie media SHA256|--cluster ID --category CODE [--tag T]… [--note TEXT]`: a decision, audited as the OS user. */
async function categorise(g: GlobalOptions, sha256: string | undefined, o: MediaOptions): Promise<void> {
  await withCase(g, {}, async (ctx) => {
    const r = await categoriseMedia(ctx, {
      ...(o.cluster !== undefined
        ? { cluster: o.cluster }
        : { sha256s: sha256 ? [await resolveMediaPrefix(ctx, sha256)] : [] }),
      ...(o.clearCategory ? { category: null } : o.category !== undefined ? { category: o.category } : {}),
      ...(o.tag !== undefined ? { tags: o.tag } : {}),
      ...(o.note !== undefined ? { note: o.note } : {}),
      scheme: await listCategories(ctx),
    });
    present(g, r, () => `${r.changed.length} changed, ${r.unchanged.length} unchanged`);
  });
}

/** `vigie media --new --format vics [--out FILE]`: the new media as a VICS 2.0 file (stdout or FILE). */
async function vics(g: GlobalOptions, o: MediaOptions): Promise<void> {
  if (!o.new || o.known || o.ignored || o.unhashed || o.uncertain)
    usage('--format vics: lists new media only; give --new (and no other status)');
  await withCase(g, { readonly: true }, async (ctx) => {
    const r = await exportNewMediaVics(ctx, {
      ...filters(await resolved(ctx, o)),
      ...(o.agency !== undefined ? { agency: o.agency } : {}),
      ...(o.reference !== undefined ? { reference: o.reference } : {}),
    });
    const text = JSON.stringify(r.vics, null, 2) + '\n';
    if (o.out === undefined) return void process.stdout.write(text);
    writeFileSync(o.out, text);
    present(
      g,
      { file: o.out, media: r.media },
      () => `${o.out}: ${plural(r.media, 'new media', 'new media')} (VICS 2.0)`,
    );
  });
}

/** `vigie media [--known|--new|--ignored|--unhashed] [--category-is C] [--chat ID] [--actor ID] [--from D] [--to D]` lists media with status; `vigie media SHA256` explains one. */
export function registerMedia(program: Command): void {
  const media = listingOptions(program.command('media [sha256]'));
  media
    .description(
      'media with their status (known, ignored, new, unhashed) and matches (list, category, distance); with SHA256 (or its first 8+ hex digits): why; --new --format vics: a VICS 2.0 file of the new media',
    )
    .option('--known', 'only media matching an alert list')
    .option('--new', 'only hashed media without any match')
    .option('--ignored', 'only media matching an ignore list')
    .option('--unhashed', 'only media not hashed yet')
    .option('--category-is <code>', "only media whose person's category is CODE ('none': uncategorised)")
    .option('--chat <id>', 'only media with an occurrence in this chat (platform chat id)')
    .option(
      '--actor <id>',
      'only media this actor posted (actor id or unique prefix, user123 for telegram:user123)',
    )
    .option('--from <date>', 'only media posted at or after this ISO date (UTC day) or date-time')
    .option('--to <date>', 'only media posted up to this ISO date (UTC day, included) or date-time')
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
    .option('--out <file>', 'with --format vics: write the VICS file here (default: stdout)')
    .option('--agency <text>', 'with --format vics: ContactOrganization (default: the case name)')
    .option('--reference <text>', 'with --format vics: CaseNumber (default: a stable id of the export)')
    .action((sha256: string | undefined, o: MediaOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (changes(o) || o.cluster !== undefined) return categorise(g, sha256, o);
        if (o.format === 'vics') return vics(g, o);
        if (o.out !== undefined) usage('--out: only with --format vics');
        const zone = displayZone(o.tz);
        return withCase(g, { readonly: true }, async (ctx) => {
          if (sha256 !== undefined) {
            const r = await showMedia(ctx, { sha256: await resolveMediaPrefix(ctx, sha256) });
            return present(g, r, () => describeMedia(r, zone));
          }
          const statuses = (['known', 'new', 'ignored', 'unhashed', 'uncertain'] as const).filter(
            (s) => o[s],
          ) as MediaStatus[];
          for (const p of o.production ?? [])
            if (!['likely', 'possible', 'unlikely'].includes(p))
              usage(`--production ${p}: expected likely, possible or unlikely`);
          const items = await listMedia(ctx, {
            ...(statuses.length ? { statuses } : {}),
            ...filters(await resolved(ctx, o)),
            ...(o.production ? { production: o.production } : {}),
          });
          presentListing(
            g,
            o,
            items,
            items,
            mediaColumns(zone),
            plural(items.length, 'media', 'media'),
            'no media',
          );
        });
      }),
    );
}
