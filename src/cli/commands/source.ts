import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { labelSource } from '../../app/label-source.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie source label SOURCE LABEL`: set the label (collecting account) of an export or a return, audited. */
export function registerSource(program: Command): void {
  const source = program.command('source').description('one source of the case: label it');
  source
    .command('label <source> <label>')
    .description(
      'set the label of an export (the collecting account) or a return; SOURCE is its id (vigie sources) or a unique prefix; audited',
    )
    .action((id: string, label: string, _o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, {}, async (ctx) => {
          const r = await labelSource(ctx, { source: id, label });
          present(g, r, () =>
            r.changed
              ? `${r.source}: label ${r.from === null ? '(none)' : `'${r.from}'`} → '${r.label}' (audit event ${r.auditSeq})`
              : `${r.source}: already labelled '${r.label}'; nothing changed`,
          );
        });
      }),
    );
}
