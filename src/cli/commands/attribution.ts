import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import {
  reliabilityDiagram,
  reportAttribution,
  type AttributionReport,
  type GroupScore,
} from '../../app/attribution-report.js';
import { log, present, runCommand, type GlobalOptions } from '../output.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const line = (name: string, s: GroupScore): string =>
  `${name.padEnd(8)} ${String(s.actors).padStart(6)}  ${pct(s.precision).padStart(7)} (${s.correct}/${s.answered})  ${pct(s.coverage).padStart(7)}  ${s.brier.toFixed(3)}  ${s.ece.toFixed(3)}  ${s.eceAnswered.toFixed(3)}`;

function human(r: AttributionReport): string {
  const out = [
    `posting actors: ${r.postingActors}, answered ${r.answered} (coverage ${pct(r.coverage)}), home ${r.home ?? 'not set'}`,
    `answers by country: ${Object.entries(r.countries)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
    `top probability: ${r.distribution.map((b) => `${b.from.toFixed(1)}–${b.to.toFixed(1)} ${b.actors}`).join(', ')}`,
  ];
  if (r.truth)
    out.push(
      'group     actors  precision          coverage  Brier  ECE    ECE (answers)',
      line('overall', r.truth.overall),
      line('home', r.truth.home),
      line('foreign', r.truth.foreign),
    );
  return out.join('\n');
}

/** `vigie attribution report`: how often attribution answers, and with truth how right and how calibrated. */
export function registerAttribution(program: Command): void {
  const cmd = program.command('attribution').description('attribution figures of the case');
  cmd
    .command('report')
    .description('coverage of posting actors; with --truth precision, Brier, ECE and a reliability diagram')
    .option('--truth <file>', "the demo generator's truth.json (actors with their country)")
    .option('--svg <file>', 'write the reliability diagram (SVG)')
    .action((o: { truth?: string; svg?: string }, c: Command) =>
      runCommand(async () => {
        const g = c.optsWithGlobals<GlobalOptions>();
        const r = await withCase(g, { readonly: true }, (ctx) =>
          reportAttribution(ctx, o.truth ? { truthFile: o.truth } : {}),
        );
        if (o.svg) {
          writeFileSync(o.svg, reliabilityDiagram(r));
          log(`reliability diagram written to ${o.svg}`);
        }
        present(g, r, () => human(r));
      }),
    );
}
