import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { runWorker } from '../../app/run-worker.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';

/** `vigie worker`: take hashing jobs of a PostgreSQL case (queued by `vigie hash --jobs`) and hash them. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take hashing jobs queued by `vigie hash --jobs` on a PostgreSQL case and hash them')
    .option('--concurrency <n>', 'jobs hashed at once by this process (default 1)')
    .option('--until-idle', 'stop when no job is queued or running (default: wait for more until stopped)')
    .action((o: { concurrency?: string; untilIdle?: boolean }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const concurrency = o.concurrency === undefined ? 1 : Number(o.concurrency);
        if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64))
          usage(`--concurrency ${o.concurrency ?? ''}: expected a whole number from 1 to 64`);
        let stopNow: () => void = () => undefined;
        const stop = new Promise<void>((r) => (stopNow = r));
        const onSignal = (): void => {
          log('stopping: finishing the jobs in hand');
          stopNow();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          return await withCase(g, {}, async (ctx) => {
            const r = await runWorker(ctx, {
              concurrency,
              untilIdle: o.untilIdle ?? false,
              stop,
              onJob: (e) =>
                log(
                  `job ${e.id}: ${e.media} media${e.retry ? ` (try ${e.retry + 1})` : ''}${e.error ? `: failed: ${e.error}` : ''}`,
                ),
            });
            present(
              g,
              r,
              () =>
                `${r.jobs} jobs done (${r.hashed} media hashed), ${r.failed} failed${r.closedRuns.length ? `; closed ${r.closedRuns.join(', ')}` : ''}`,
            );
            return r.failed ? 3 : 0;
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      }),
    );
}
