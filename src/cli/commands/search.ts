import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { searchMessages, type SearchInput, type SearchItem } from '../../app/search-messages.js';
import { rebuildSearchIndex } from '../../app/search-rebuild.js';
import type { MediaStatus } from '../../domain/media-status.js';
import { resolveActorPrefix } from '../../app/resolve-prefix.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';
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

interface SearchOptions extends ListingOptions {
  chat?: string;
  actor?: string;
  from?: string;
  to?: string;
  hasMedia?: boolean;
  status?: string;
  limit?: string;
  cursor?: string;
  rebuild?: boolean;
}

const STATUSES: readonly string[] = ['new', 'known', 'ignored', 'unhashed', 'uncertain'];

function inputOf(query: string, o: SearchOptions): SearchInput {
  if (o.status !== undefined && !STATUSES.includes(o.status))
    usage(`--status ${o.status}: one of ${STATUSES.join(', ')}`);
  const limit = limitOf(o.limit, 1000);
  return {
    query,
    ...(o.chat !== undefined ? { chat: o.chat } : {}),
    ...(o.actor !== undefined ? { actor: o.actor } : {}),
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.to !== undefined ? { to: o.to } : {}),
    ...(o.hasMedia ? { hasMedia: true } : {}),
    ...(o.status !== undefined ? { status: o.status as MediaStatus } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(o.cursor !== undefined ? { cursor: o.cursor } : {}),
  };
}

/** The columns of `vigie search` (times in the display zone; CSV keeps them in UTC). */
function columns(zone: string): Column<SearchItem>[] {
  return [
    { name: 'date', text: (h) => localTime(h.date, zone), csv: (h) => h.date ?? '' },
    {
      name: 'where',
      text: (h) =>
        h.kind === 'message'
          ? `${h.chat ?? '-'} #${h.message ?? '-'}`
          : `${h.kind} ${h.chat ?? h.author ?? ''}`,
    },
    { name: 'author', text: (h) => h.authorName ?? h.author ?? '-' },
    {
      name: 'version',
      text: (h) => (h.version ? `earlier ${h.version.slice(0, 12)}` : h.edited ? 'edited' : '-'),
      csv: (h) => h.version ?? (h.edited ? 'edited' : ''),
    },
    { name: 'excerpt', text: (h) => h.excerpt.replace(/\s+/g, ' ') },
  ];
}

/** `vigie search QUERY [filters]`: full-text search of every message version and name; `--rebuild` the index. */
export function registerSearch(program: Command): void {
  listingOptions(program.command('search [query]'))
    .description('search every message (all versions), actor name and chat title; see docs/search.md')
    .option('--chat <id>', 'only this chat (its messages and titles)')
    .option(
      '--actor <id>',
      'only this actor (its messages and names; id or unique prefix, user123 for telegram:user123)',
    )
    .option('--from <date>', 'messages from this day or time (2024-03-01, 2024-03-01T10:00Z)')
    .option('--to <date>', 'messages up to this day (inclusive) or time')
    .option('--has-media', 'messages with media')
    .option(
      '--status <status>',
      'messages with media of this status: new, known, ignored, unhashed, uncertain',
    )
    .option('--limit <n>', 'hits per page (1–1000, default 50)')
    .option('--cursor <cursor>', "the next page (a previous answer's nextCursor)")
    .option('--rebuild', 'rebuild the search index from the case (no query)')
    .action((query: string | undefined, o: SearchOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        if (o.rebuild) {
          if (query !== undefined) usage('search --rebuild takes no query');
          return withCase(g, {}, async (ctx) => {
            const r = await rebuildSearchIndex(ctx);
            present(g, r, () => `search index rebuilt: ${r.documents} documents in ${r.ms} ms`);
          });
        }
        if (query === undefined) usage('search: give a query (docs/search.md), or --rebuild');
        const zone = displayZone(o.tz);
        return withCase(g, { readonly: true }, async (ctx) => {
          // `--actor user123` or any unique prefix of an analysed actor's id, as everywhere.
          const actor = o.actor === undefined ? {} : { actor: await resolveActorPrefix(ctx, o.actor) };
          const r = await searchMessages(ctx, inputOf(query, { ...o, ...actor }));
          const more = r.nextCursor ? ` (more: --cursor ${r.nextCursor})` : '';
          presentListing(
            g,
            o,
            r,
            r.items,
            columns(zone),
            `${plural(r.items.length, 'hit')} for ${r.query}${more}`,
            `no hits for ${r.query}`,
          );
        });
      }),
    );
}
