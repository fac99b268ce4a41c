import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { referActors } from '../../app/refer-actors.js';
import { resolveActorPrefixes } from '../../app/resolve-prefix.js';
import { requireAnalysis } from '../../app/require-analysis.js';
import { plural } from '../table.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

interface ReferOptions {
  to: string;
  out: string;
  accepted?: boolean;
  lang?: string;
  includeMedia?: boolean;
  agency?: string;
  reference?: string;
  force?: boolean;
  reason?: string;
  shapes?: string;
}

/** `vigie refer ACTOR... --to CC --out DIR`: a signed referral package (BagIt, CASE/UCO, VICS, reports). */
export function registerRefer(program: Command): void {
  program
    .command('refer [actors...]')
    .description(
      'build a signed referral package (BagIt 1.0: CASE/UCO JSON-LD, VICS 2.0, evidence, reports) for accepted targets of one country',
    )
    .requiredOption('--to <cc>', 'recipient country (ISO 3166-1 alpha-2)')
    .requiredOption('--out <dir>', 'new folder to write the package into')
    .option('--accepted', 'every accepted target attributed to the country')
    .option('--lang <list>', 'report languages besides French, comma-separated (en, de; English when none)')
    .option('--include-media', 'include the media files themselves (audited)')
    .option('--agency <text>', 'sending organisation (default: the case name)')
    .option('--reference <text>', 'authorisation or case reference stated in the package')
    .option('--force', 'refer despite a refusal (needs --reason; audited)')
    .option('--reason <text>', 'why a refusal is overridden')
    .option('--shapes <dir>', 'CASE 1.4.0 shapes to validate the graph with (or $VIGIE_CASE_SHAPES)')
    .action((actors: string[], o: ReferOptions, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, {}, async (ctx) => {
          await requireAnalysis(ctx.store); // targets come from the analysis: the one NOT_ANALYSED first
          const r = await referActors(ctx, {
            actors: await resolveActorPrefixes(ctx, actors),
            country: o.to,
            out: o.out,
            accepted: o.accepted === true,
            ...(o.lang ? { languages: o.lang.split(',') } : {}),
            includeMedia: o.includeMedia === true,
            ...(o.agency ? { agency: o.agency } : {}),
            ...(o.reference ? { reference: o.reference } : {}),
            force: o.force === true,
            ...(o.reason ? { reason: o.reason } : {}),
            ...(o.shapes ? { shapes: o.shapes } : {}),
          });
          present(g, r, () =>
            [
              `package ${r.packageId} → ${r.out}`,
              `${plural(r.actors.length, 'target')} to ${r.country}: ${r.actors.join(', ')}`,
              `${plural(r.files, 'file')}, ${plural(r.bytes, 'byte')}; tag manifest sha256 ${r.tagManifestSha256}`,
              `signed by sha256 ${r.signer}`,
              r.validation
                ? `CASE/UCO SHACL: ${r.validation.violations} violations over ${r.validation.triples} triples`
                : 'CASE/UCO SHACL: not validated (no --shapes)',
              `audit event ${r.auditSeq}`,
            ].join('\n'),
          );
        });
      }),
    );
}
