import type { Command } from 'commander';
import { withCase } from '../with-case.js';
import { listJobs } from '../../app/list-jobs.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

/** `vigie jobs`: the hashing queue of a PostgreSQL case by state, and each queued run's progress. */
export function registerJobs(program: Command): void {
  program
    .command('jobs')
    .description(
      "show the hashing jobs of a PostgreSQL case (queued, active, completed, failed) and each run's progress",
    )
    .action((_o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        return withCase(g, { readonly: true }, async (ctx) => {
          const r = await listJobs(ctx);
          const j = r.jobs;
          present(g, r, () =>
            [
              `${r.queue}: ${j.queued} queued, ${j.active} active, ${j.completed} completed, ${j.failed} failed (${j.retried} retried)`,
              ...r.runs.map(
                (x) =>
                  `${x.runId} ${x.status}: ${x.mediaDone}/${x.media} media in ${x.jobs.completed}/${x.jobs.queued + x.jobs.active + x.jobs.completed + x.jobs.failed} jobs done` +
                  (x.jobs.active ? `, ${x.jobs.active} active` : '') +
                  (x.jobs.failed ? `, ${x.jobs.failed} failed` : ''),
              ),
            ].join('\n'),
          );
        });
      }),
    );
}
