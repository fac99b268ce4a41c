import type { Command } from 'commander';
import { openCase, resolveCaseDir } from '../../app/context.js';
import { importSources } from '../../app/import-sources.js';
import { log, present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie import PATH... [--account LABEL] [--tz ZONE]`: exit 3 when per-item issues were recorded. */
export function registerImport(program: Command): void {
  program
    .command('import <paths...>')
    .description('import Telegram Desktop exports (folder, result.json or .zip)')
    .option('--account <label>', 'label of the collecting account')
    .option('--tz <zone>', "exporter's time zone for old exports: IANA name (Europe/Paris) or ±HH:MM")
    .action((paths: string[], o: { account?: string; tz?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const ctx = openCase(resolveCaseDir(g.case));
        try {
          const r = await importSources(ctx, { paths, account: o.account, tz: o.tz });
          present(g, r, () =>
            r.sources
              .map((s) =>
                s.status === 'already-imported'
                  ? `${s.path}: already imported as ${s.sourceId}; nothing changed`
                  : `${s.path}: imported as ${s.sourceId}: ${s.chats} chats, ${s.messages} messages (${s.newMessages} new, ${s.newVersions} new versions), ${s.media} media, ${s.issues} issues`,
              )
              .join('\n'),
          );
          for (const i of r.issues.slice(0, 20)) log(`${i.code}: ${i.source}: ${i.location}: ${i.message}`);
          if (r.issues.length > 20) log(`… and ${r.issues.length - 20} more issues (table issue)`);
          return r.issues.length ? 3 : 0;
        } finally {
          ctx.close();
        }
      }),
    );
}
