import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { gcEvidence } from '../../app/gc-evidence.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie gc [--dry-run]`: remove evidence files no record references, after the case verifies. */
export function registerGc(program: Command): void {
  program
    .command('gc')
    .description('after verifying the case, remove evidence files no record references (interrupted imports)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .action((o: { dryRun?: boolean }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, {}, async (ctx) => {
          const r = await gcEvidence(ctx, { dryRun: o.dryRun ?? false });
          present(g, r, () =>
            [
              ...r.unreferenced.map((h) => `${r.dryRun ? 'would remove' : 'removed'} ${h}`),
              `verified: OK; ${r.unreferenced.length} unreferenced evidence files (${r.bytes} bytes) ${r.dryRun ? 'would be removed' : 'removed'}; ${r.tmpRemoved} temporary files removed`,
            ].join('\n'),
          );
        });
      }),
    );
}
