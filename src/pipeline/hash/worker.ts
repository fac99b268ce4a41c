// Worker-thread entry of the hashing pool: receives HashJobs, answers HashResults (one at a time).
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { hashFile, type HashJob } from './hash-file.js';

/** A message from the pool to a worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly job: HashJob;
}

// One libvips thread per worker: the pool provides the parallelism.
sharp.concurrency(1);
// No libvips operation cache: every file is decoded once.
sharp.cache(false);

parentPort?.on('message', (msg: WorkerRequest) => {
  hashFile(msg.job).then(
    (result) => parentPort?.postMessage({ id: msg.id, result }),
    (e: unknown) => parentPort?.postMessage({ id: msg.id, error: (e as Error).stack ?? String(e) }),
  );
});
