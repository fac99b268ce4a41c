import type { Command } from 'commander';
import { initCase } from '../../app/init-case.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie init [DIR] [--name NAME] [--home CC] [--database postgres://HOST/DB]` */
export function registerInit(program: Command): void {
  program
    .command('init [dir]')
    .description('create a new case folder (default: --case, $VIGIE_CASE or ./vigie-case)')
    .option('--name <name>', 'case name')
    .option('--home <cc>', 'home jurisdiction, ISO 3166-1 alpha-2 (e.g. FR)')
    .option(
      '--database <url>',
      'keep the case tables on PostgreSQL (postgres://HOST[:PORT]/DB; password from $PGPASSWORD or ~/.pgpass)',
    )
    .action((dir: string | undefined, o: { name?: string; home?: string; database?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const r = await initCase({ dir: dir ?? g.case ?? process.env['VIGIE_CASE'] ?? 'vigie-case', ...o });
        present(g, { dir: r.dir, ...r.info }, () => `case created: ${r.dir}`);
      }),
    );
}
