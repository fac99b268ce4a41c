import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { importSources } from '../../app/import-sources.js';
import { log, present, runCommand, type GlobalOptions } from '../output.js';
import { progressFor } from '../progress.js';
import type { StageProgress } from '../../app/run-stage.js';

/** `vigie import PATH... [--account L] [--account-id ID] [--tz Z] [--chat-id ID]`: exit 3 only when error-severity issues were recorded. */
export function registerImport(program: Command): void {
  program
    .command('import <paths...>')
    .description('import Telegram Desktop exports (folder, result.json, messages.html or .zip)')
    .option(
      '--account <label>',
      'label of the collecting account (required unless the export names its owner: a full-account JSON export)',
    )
    .option('--account-id <id>', "the collecting account's own user id: never a target, outside centrality")
    .option('--tz <zone>', "exporter's time zone for old exports: IANA name (Europe/Paris) or ±HH:MM")
    .option('--chat-id <id>', 'store a single-chat HTML export under this chat id (telegram:channel123)')
    .action(
      (
        paths: string[],
        o: { account?: string; accountId?: string; tz?: string; chatId?: string },
        cmd: Command,
      ) =>
        runCommand(async () => {
          const g = cmd.optsWithGlobals<GlobalOptions>();
          const progress = progressFor(g);
          return withCase(g, {}, async (ctx) => {
            const r = await importSources(ctx, {
              paths,
              account: o.account,
              requireAccount: true,
              ...(o.accountId !== undefined ? { accountId: o.accountId } : {}),
              tz: o.tz,
              chatId: o.chatId,
              // Only on a terminal: without it the import has no safe points to pause at (as before).
              ...(progress.active
                ? { onProgress: (p: StageProgress) => progress.update('import', p.done, p.total, 'messages') }
                : {}),
            });
            progress.stop();
            present(g, r, () =>
              r.sources
                .map((s) =>
                  s.status === 'already-imported'
                    ? `${s.path}: already imported as ${s.sourceId}; nothing changed`
                    : `${s.path}: imported as ${s.sourceId}: ${s.chats} chats, ${s.messages} messages (${s.newMessages} new, ${s.newVersions} new versions), ${s.media} media, ${s.issues} issues`,
                )
                .join('\n'),
            );
            const errors = r.issues.filter((i) => i.severity === 'error');
            for (const i of errors.slice(0, 20)) log(`${i.code}: ${i.source}: ${i.location}: ${i.message}`);
            if (errors.length > 20) log(`… and ${errors.length - 20} more errors (table issue)`);
            if (r.warnings)
              log(
                `${r.warnings} warnings (expected incompleteness, e.g. media files absent from the export; table issue)`,
              );
            return r.errors ? 3 : 0;
          }).finally(() => progress.stop());
        }),
    );
}
