// Worker thread entry: read one source and post its packed events in batches (see read-packed.ts, ADR 0009).
import { workerData } from 'node:worker_threads';
import { isAppError } from '../../domain/errors.js';
import { AHEAD, BATCH, readPacked, type PackedEvent, type ReadJob, type WorkerReply } from './read-packed.js';
import { importerByName } from './registry.js';
import type { ReadOptions } from './model.js';

const job = workerData as ReadJob;
const sig = new Int32Array(job.signal);
const post = (r: WorkerReply): void => {
  job.port.postMessage(r);
  Atomics.add(sig, 0, 1);
  Atomics.notify(sig, 0);
};

/** Read with the options the caller sends once it has stored the main file. */
function run(opts: ReadOptions): void {
  try {
    const importer = importerByName(job.importer);
    if (!importer) throw new Error(`no importer named ${job.importer}`);
    let batch: PackedEvent[] = [];
    for (const ev of readPacked(importer, job.src, opts)) {
      batch.push(ev);
      if (batch.length < BATCH) continue;
      post({ batch });
      batch = [];
      Atomics.add(sig, 2, 1);
      // Stay at most AHEAD batches ahead of the writer.
      for (
        let taken = Atomics.load(sig, 1);
        Atomics.load(sig, 0) - taken >= AHEAD;
        taken = Atomics.load(sig, 1)
      )
        Atomics.wait(sig, 1, taken, 1000);
    }
    if (batch.length) post({ batch });
    post({ done: true });
  } catch (e) {
    post({
      error: isAppError(e)
        ? { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) }
        : { code: null, message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
    });
  }
}

job.port.once('message', (opts: ReadOptions) => run(opts));
