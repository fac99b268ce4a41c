import type { Command } from 'commander';
import { openCase, resolveCaseDir } from '../../app/context.js';
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
        if (!o.out) usage('--out FILE is required');
        const ctx = openCase(resolveCaseDir(g.case), { readonly: true });
        try {
          const r = await exportGraph(ctx, { format: o.format, out: o.out });
          present(g, r, () => `wrote ${r.out} (${r.format}): ${r.nodes} nodes, ${r.edges} edges`);
        } finally {
          ctx.close();
        }
      }),
    );
}
