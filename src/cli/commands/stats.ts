import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { caseStats } from '../../app/case-stats.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie stats`: the case's figures. */
export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('figures of the case: sources, chats, actors, messages, media …')
    .action((_o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          const s = await caseStats(ctx);
          present(g, s, () =>
            Object.entries(s)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n'),
          );
        });
      }),
    );
}
