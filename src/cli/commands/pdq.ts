import type { Command } from 'commander';
import { formatPdqLine, isPdqConvention, pdqFiles, type PdqConvention } from '../../app/pdq-files.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';

/** Parse --pdq-convention (full | cli512). */
export function parseConvention(v: string | undefined): PdqConvention {
  if (v === undefined) return 'full';
  if (!isPdqConvention(v)) usage(`--pdq-convention must be 'full' or 'cli512', not '${v}'`);
  return v;
}

/** `vigie pdq FILE...`: print `hex,quality,path` lines like Meta's pdq-photo-hasher (no case needed). */
export function registerPdq(program: Command): void {
  program
    .command('pdq')
    .description("PDQ-hash image files: 'hex,quality,path' lines like Meta's pdq-photo-hasher")
    .argument('<files...>', 'image files')
    .option(
      '--dihedral',
      'print the 8 dihedral hashes (orig,rot90,rot180,rot270,flipx,flipy,flipplus1,flipminus1)',
    )
    .option('--pdq-convention <name>', 'full (default: HMA/ThreatExchange) or cli512 (pdq-photo-hasher)')
    .action((files: string[], o: { dihedral?: boolean; pdqConvention?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const convention = parseConvention(o.pdqConvention);
        const r = await pdqFiles({}, { files, convention, dihedral: o.dihedral ?? false });
        present(g, r, () => r.lines.map(formatPdqLine).join('\n'));
        for (const i of r.issues) log(`${i.code}: ${i.message}`);
        return r.issues.length ? 3 : 0;
      }),
    );
}
