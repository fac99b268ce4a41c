import type { Command } from 'commander';
import { VIGIE } from '../next.js';
import { withCase } from '../with-case.js';
import { hashMedia } from '../../app/hash-media.js';
import { log, present, runCommand, usage, type GlobalOptions } from '../output.js';
import { progressFor } from '../progress.js';
import { parseConvention } from './pdq.js';
import { isVpdqSize } from '../../app/vpdq-files.js';
import { enqueueHashing, type EnqueueHashingInput } from '../../app/enqueue-hashing.js';

/** `vigie hash --jobs`: queue the hashing for workers. */
async function enqueueCommand(
  g: GlobalOptions,
  o: { batch?: string; jobExpiry?: string },
  input: EnqueueHashingInput,
): Promise<number> {
  const batchSize = o.batch === undefined ? 25 : Number(o.batch);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10000))
    usage(`--batch ${o.batch ?? ''}: expected a whole number from 1 to 10000`);
  const expireInSeconds = o.jobExpiry === undefined ? 900 : Number(o.jobExpiry);
  if (!(Number.isInteger(expireInSeconds) && expireInSeconds >= 1))
    usage(`--job-expiry ${o.jobExpiry ?? ''}: expected a whole number of seconds, at least 1`);
  return withCase(g, {}, async (ctx) => {
    const r = await enqueueHashing(ctx, { ...input, batchSize, expireInSeconds });
    present(g, r, () =>
      r.runId
        ? `queued ${r.jobs} jobs of up to ${r.batchSize} media for run ${r.runId} (${r.unhashed} media to hash, ${r.alreadyQueued} already queued); start \`${VIGIE} worker\` processes`
        : `nothing new to queue (${r.unhashed} media to hash, ${r.alreadyQueued} already queued)`,
    );
    return 0;
  });
}

/** `vigie hash`: hash every media not hashed yet (MD5, SHA-1, SHA-256; PDQ, EXIF, thumbnail for images; vPDQ, strip for videos). */
export function registerHash(program: Command): void {
  program
    .command('hash')
    .description('hash every media file not hashed yet, with a worker pool (resumable)')
    .option('--workers <n>', 'worker threads (default: number of cores)')
    .option('--pdq-convention <name>', 'full (default: HMA/ThreatExchange) or cli512 (pdq-photo-hasher)')
    .option('--vpdq-size <size>', 'vPDQ frames of videos: native (default) or 128; none skips vPDQ')
    .option('--seconds-per-hash <s>', 'seconds between vPDQ frames (default 1; 0 = every frame)')
    .option(
      '--jobs',
      'PostgreSQL case: queue one job per batch for `vigie worker` processes instead of hashing here',
    )
    .option('--batch <n>', 'with --jobs: media per job (default 25)')
    .option('--job-expiry <s>', "with --jobs: seconds before a silent worker's job is retried (default 900)")
    .action(
      (
        o: {
          workers?: string;
          pdqConvention?: string;
          vpdqSize?: string;
          secondsPerHash?: string;
          jobs?: boolean;
          batch?: string;
          jobExpiry?: string;
        },
        cmd: Command,
      ) =>
        runCommand(async () => {
          const g = cmd.optsWithGlobals<GlobalOptions>();
          const workers = o.workers === undefined ? undefined : Number(o.workers);
          if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1))
            usage(`--workers ${o.workers ?? ''}: expected a positive whole number`);
          const vpdqSize = o.vpdqSize === 'none' ? null : (o.vpdqSize ?? 'native');
          if (vpdqSize !== null && !isVpdqSize(vpdqSize))
            usage(`--vpdq-size must be native, 128 or none, not '${vpdqSize}'`);
          const secondsPerHash = o.secondsPerHash === undefined ? 1 : Number(o.secondsPerHash);
          if (!(secondsPerHash >= 0 && secondsPerHash <= 3600))
            usage(`--seconds-per-hash ${o.secondsPerHash ?? ''}: expected a number from 0 to 3600`);
          if (o.jobs)
            return enqueueCommand(g, o, {
              convention: parseConvention(o.pdqConvention),
              vpdqSize,
              secondsPerHash,
            });
          const progress = progressFor(g);
          return withCase(g, {}, async (ctx) => {
            const r = await hashMedia(ctx, {
              convention: parseConvention(o.pdqConvention),
              vpdqSize,
              secondsPerHash,
              ...(workers === undefined ? {} : { workers }),
              onProgress: (done, total) => progress.update('hash', done, total, 'media'),
            });
            progress.stop();
            present(
              g,
              r,
              () =>
                `hashed ${r.hashed} of ${r.total} media (${r.images} images with PDQ ${r.convention}, ${r.videos} videos with vPDQ, ${r.exif} with EXIF, ${r.thumbnails} thumbnails) on ${r.workers} workers in ${(r.elapsedMs / 1000).toFixed(1)} s; ${r.issues.length} issues`,
            );
            for (const i of r.issues) log(`${i.code}: ${i.source}: ${i.message}`);
            return r.issues.length ? 3 : 0;
          }).finally(() => progress.stop());
        }),
    );
}
