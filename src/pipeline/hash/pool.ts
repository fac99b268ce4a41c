// A pool of worker threads running hashFile; works from the built dist/ (worker.js) and under tsx (worker.ts).
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../worker-thread.js';
import type { HashJob, HashResult } from './hash-file.js';

/** Start one hashing worker (worker.js when built, worker.ts under tsx). */
export function startWorker(): Worker {
  return startModuleWorker('worker', import.meta.url);
}

interface Reply {
  id: number;
  result?: HashResult;
  error?: string;
}

/**
 * Hash jobs on `workers` threads, keeping each busy; `onResult` is called as each file finishes (in completion
 * order). Resolves when every job is done. A crashed worker is replaced; its job is reported as an issue. If
 * onResult throws, the workers are stopped and the promise rejects with that error.
 */
export async function runHashPool(
  jobs: readonly HashJob[],
  workers: number,
  onResult: (r: HashResult) => void,
): Promise<void> {
  if (jobs.length === 0) return;
  const n = Math.max(1, Math.min(workers, jobs.length));
  let next = 0;
  let done = 0;
  const live = new Set<Worker>();
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    // A throwing onResult (e.g. a database error) stops the pool and rejects, instead of crashing the process.
    const deliver = (r: HashResult): boolean => {
      if (failed) return false;
      try {
        onResult(r);
        return true;
      } catch (e) {
        failed = true;
        for (const w of live) void w.terminate();
        reject(e as Error);
        return false;
      }
    };
    const start = (): void => {
      const w = startWorker();
      live.add(w);
      let current: HashJob | undefined;
      const feed = (): void => {
        if (next >= jobs.length) {
          current = undefined;
          void w.terminate();
          return;
        }
        current = jobs[next];
        w.postMessage({ id: next++, job: current });
      };
      w.on('message', (m: Reply) => {
        const job = current!;
        current = undefined;
        if (!deliver(m.result ?? crashed(job, m.error ?? 'no result'))) return;
        if (++done === jobs.length) resolve();
        feed();
      });
      let lastError: string | undefined;
      w.on('error', (e) => {
        lastError = e.message;
      });
      w.on('exit', (code) => {
        live.delete(w);
        if (!current || failed) return;
        const job = current;
        current = undefined;
        if (!deliver(crashed(job, lastError ?? `worker exited with code ${code}`))) return;
        if (++done === jobs.length) resolve();
        else if (next < jobs.length) start();
      });
      feed();
    };
    for (let i = 0; i < n; i++) start();
  });
}

function crashed(job: HashJob, why: string): HashResult {
  return {
    sha256: job.sha256,
    crypto: null,
    format: null,
    pdq: null,
    exif: null,
    vpdq: null,
    thumbnail: null,
    issue: { code: 'HASH_FAILED', message: `${job.path}: hashing failed: ${why.split('\n')[0]}` },
  };
}
