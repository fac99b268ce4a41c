import type { Command } from 'commander';
import { describeDemo, runDemo } from '../../app/run-demo.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';

/** `vigie demo [--scale small|medium|article] [--seed N] [--out DIR] [--workers N] [--no-serve]` */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'generate a synthetic case (exports, returns, hash lists, truth.json) and run the pipeline on it',
    )
    .option('--scale <scale>', 'small | medium | article', 'small')
    .option('--seed <n>', 'random seed: the same seed gives the same files', '1')
    .option('--out <dir>', 'output folder', 'vigie-demo')
    .option('--workers <n>', 'image worker threads (default: the number of cores)')
    .option('--no-serve', 'do not open the workbench afterwards')
    .option(
      '--videos',
      'generate synthetic video clips and a known-video vPDQ list (default when FFmpeg is installed)',
    )
    .option('--no-videos', 'no video clips')
    .action(
      (
        o: { scale: string; seed: string; out: string; workers?: string; serve: boolean; videos?: boolean },
        cmd: Command,
      ) =>
        runCommand(async () => {
          const g = cmd.optsWithGlobals<GlobalOptions>();
          if (!['small', 'medium', 'article'].includes(o.scale))
            usage(`--scale ${o.scale}: expected small, medium or article`);
          const workers = o.workers === undefined ? undefined : Number(o.workers);
          if (workers !== undefined && !(Number.isInteger(workers) && workers > 0))
            usage(`--workers ${o.workers}: expected a positive integer`);
          const r = await runDemo({
            out: o.out,
            scale: o.scale as 'small',
            seed: o.seed,
            workers,
            ...(o.videos === undefined ? {} : { videos: o.videos }),
            onStage: (s, summary) => log(`demo: ${s}: ${summary}`),
            onProgress: process.stderr.isTTY
              ? (s, d, n) => process.stderr.write(`\r${s} ${d}/${n}${d === n ? '\n' : ''}`)
              : undefined,
          });
          present(g, r, () => describeDemo(r, o.serve).join('\n'));
        }),
    );
}
