import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listChats } from '../../app/list-chats.js';
import { runCommand, type GlobalOptions } from '../output.js';
import {
  displayZone,
  listingOptions,
  localTime,
  plural,
  presentListing,
  type Column,
  type ListingOptions,
} from '../table.js';

type Chat = Awaited<ReturnType<typeof listChats>>[number];

/** `vigie chats`: every chat with its figures. */
export function registerChats(program: Command): void {
  listingOptions(program.command('chats').description('list the chats of the case')).action(
    (o: ListingOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const zone = displayZone(o.tz);
        const columns: Column<Chat>[] = [
          { name: 'chat', text: (c) => c.id },
          { name: 'type', text: (c) => c.type ?? '?' },
          { name: 'title', text: (c) => c.title ?? '' },
          { name: 'messages', text: (c) => String(c.messages), csv: (c) => c.messages, right: true },
          { name: 'members', text: (c) => String(c.members), csv: (c) => c.members, right: true },
          {
            name: `first (${zone})`,
            text: (c) => localTime(c.firstMessage, zone),
            csv: (c) => c.firstMessage,
          },
          { name: 'last', text: (c) => localTime(c.lastMessage, zone), csv: (c) => c.lastMessage },
        ];
        return withCase(g, { readonly: true }, async (ctx) => {
          const chats = await listChats(ctx);
          presentListing(g, o, chats, chats, columns, plural(chats.length, 'chat'), 'no chats');
        });
      }),
  );
}
