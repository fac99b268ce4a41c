import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listChats } from '../../app/list-chats.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie chats`: every chat with its figures. */
export function registerChats(program: Command): void {
  program
    .command('chats')
    .description('list the chats of the case')
    .action((_o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          const chats = await listChats(ctx);
          present(g, chats, () =>
            chats
              .map(
                (c) =>
                  `${c.id}\t${c.type ?? '?'}\t${c.messages} messages\t${c.members} members\t${c.title ?? ''}`,
              )
              .join('\n'),
          );
        });
      }),
    );
}
