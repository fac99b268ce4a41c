import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { linkHtmlChat } from '../../app/link-html-chat.js';
import { log, present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie link HTML_CHAT_ID CHAT_ID [--dry-run]`: tie an HTML-imported chat to its JSON twin; exit 3 on conflicts. */
export function registerLink(program: Command): void {
  program
    .command('link <htmlChatId> <chatId>')
    .description(
      'tie a chat imported from HTML (telegram:html-chat-…) and its accounts to the same chat from JSON',
    )
    .option('--dry-run', 'show the plan, change nothing')
    .action((htmlChatId: string, chatId: string, o: { dryRun?: boolean }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, {}, async (ctx) => {
          const r = await linkHtmlChat(ctx, { htmlChatId, chatId, dryRun: o.dryRun });
          const p = r.plan;
          present(g, r, () =>
            [
              `${htmlChatId} → ${chatId}: ${p.exact + p.shifted}/${p.compared} messages agree (${p.shifted} one hour apart)`,
              ...p.actors.map((a) => `  ${a.from} → ${a.to} (${a.messages} messages)`),
              r.counts
                ? `linked: ${r.counts.movedMessages} messages moved, ${r.counts.mergedMessages} merged, ${r.counts.authorsRewritten} authors rewritten`
                : 'dry run: nothing changed',
            ].join('\n'),
          );
          for (const c of p.conflicts)
            log(`LINK_CONFLICT: ${c.from}: matches ${c.candidates.join(', ')}: left unchanged`);
          return p.conflicts.length ? 3 : 0;
        });
      }),
    );
}
