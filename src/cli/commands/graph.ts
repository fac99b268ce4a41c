import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { exportGraph } from '../../app/export-graph.js';
import { present, runCommand, usage, type GlobalOptions } from '../output.js';

/** `vigie graph --format gexf|graphml --out FILE`: the actor network for Gephi and other tools. */
export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('write the actor network (GEXF or GraphML) for Gephi')
    .option('--format <format>', 'gexf or graphml', 'gexf')
    .option('--out <file>', 'output file')
    .action((o: { format: string; out?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const out = o.out ?? usage('--out FILE is required');
        return withCase(g, { readonly: true }, async (ctx) => {
          const r = await exportGraph(ctx, { format: o.format, out });
          present(g, r, () => `wrote ${r.out} (${r.format}): ${r.nodes} nodes, ${r.edges} edges`);
        });
      }),
    );
}
